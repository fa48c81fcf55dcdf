#!/bin/sh
# Runs the samples' test suite on JUnit 6 and again on JUnit 5.10, against the S3 server embedded in the test JVM,
# and prints a summary of each run. Builds the modules the samples use without running their own tests. Further
# arguments go to Maven, e.g. -Dltxkit.backend=MINIO (see samples/README.md).
set -e
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl samples -am verify -Dtest='io/github/ltxkit/samples/**/*Test' \
    -Dsurefire.failIfNoSpecifiedTests=false "$@"
