package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReplicaUrlProperties {

    @Property(tries = 300)
    void everyS3ReplicaUrlSurvivesItsCanonicalForm(@ForAll("segments") String a, @ForAll("segments") String b,
            @ForAll boolean withEndpoint, @ForAll boolean pathStyle, @ForAll boolean skipVerify,
            @ForAll("regions") String region) {
        ReplicaUrl url = new ReplicaUrl(ReplicaUrl.S3, "bucket-1", a + "/" + b,
                withEndpoint ? URI.create("http://127.0.0.1:9000") : null, region.isEmpty() ? null : region,
                pathStyle, skipVerify);

        assertThat(ReplicaUrl.parse(url.toString())).isEqualTo(url);
    }

    @Property(tries = 200)
    void everyDirectoryReplicaUrlSurvivesItsCanonicalForm(@ForAll("segments") String a, @ForAll("segments") String b) {
        ReplicaUrl url = ReplicaUrl.directory(Path.of("/tmp", a, b));

        assertThat(ReplicaUrl.parse(url.toString())).isEqualTo(url);
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings().withChars("abcXYZ019-_.~ %+&=?#:@!$'()*,;éü").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of("", "us-east-1", "eu-west-3", "auto");
    }
}
