/** The embedded S3 server's start-up and bucket set-up times (issue 3). */
package io.github.ltxkit.bench.s3server;
