package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration to environment, output to rows, and what the child process inherits. */
class ConfigAndOutputTest {
    @Test
    void aWriterConfigurationBecomesLitestreamsVariables() {
        LitestreamConfig config = LitestreamConfig.builder("s3://b/db?endpoint=http://127.0.0.1:9000")
                .writer(Duration.ofMillis(250)).bufferPath(Path.of("/tmp/buf")).hydration(Path.of("/tmp/h.db"))
                .debugLog(true).credentials("KEY", "SECRET").environment("EXTRA", "1").build();

        assertThat(config.environment()).containsExactly(
                Map.entry("LITESTREAM_REPLICA_URL", "s3://b/db?endpoint=http://127.0.0.1:9000"),
                Map.entry("LITESTREAM_WRITE_ENABLED", "true"),
                Map.entry("LITESTREAM_SYNC_INTERVAL", "250000000ns"),
                Map.entry("LITESTREAM_BUFFER_PATH", "/tmp/buf"),
                Map.entry("LITESTREAM_HYDRATION_ENABLED", "true"),
                Map.entry("LITESTREAM_HYDRATION_PATH", "/tmp/h.db"),
                Map.entry("LITESTREAM_LOG_LEVEL", "DEBUG"),
                Map.entry("AWS_ACCESS_KEY_ID", "KEY"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "SECRET"),
                Map.entry("EXTRA", "1"));
    }

    @Test
    void aReaderConfigurationSetsOnlyTheReplica() {
        assertThat(LitestreamConfig.builder("file:///r").build().environment())
                .containsExactly(Map.entry("LITESTREAM_REPLICA_URL", "file:///r"));
        assertThat(LitestreamConfig.builder("file:///r").writerSyncingOnClose().build().environment())
                .containsEntry("LITESTREAM_SYNC_INTERVAL", "-1s");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        LitestreamConfig config = LitestreamConfig.builder("s3://b/db").credentials("KEYID", "TOPSECRET").build();

        assertThat(config.toString()).contains("KEYID", "<redacted>").doesNotContain("TOPSECRET");
    }

    @Test
    void refusesHalfACredentialAndAZeroSyncInterval() {
        assertThatThrownBy(() -> LitestreamConfig.builder("file:///r").credentials("KEY", null).build())
                .hasMessage("give both accessKeyId and secretAccessKey, or neither");
        assertThatThrownBy(() -> LitestreamConfig.builder("file:///r").writer(Duration.ZERO).build())
                .hasMessageStartingWith("syncInterval must not be zero");
    }

    @Test
    void theChildInheritsNeitherAwsNorLitestreamVariables() {
        Map<String, String> env = ShellInvocation.childEnvironment(Map.of("PATH", "/bin", "HOME", "/root",
                "AWS_CA_BUNDLE", "/etc/ca.pem", "AWS_PROFILE", "prod", "LITESTREAM_REPLICA_URL", "s3://other/db"));

        assertThat(env).containsOnly(Map.entry("PATH", "/bin"), Map.entry("HOME", "/root"),
                Map.entry("AWS_EC2_METADATA_DISABLED", "true"));
    }

    @Test
    void dotCommandArgumentsAreQuoted() {
        assertThat(ShellInvocation.quote("/a b/x.so")).isEqualTo("'/a b/x.so'");
        assertThat(ShellInvocation.quote("/it's/x.so")).isEqualTo("\"/it's/x.so\"");
    }

    @Test
    void outputSplitsIntoRowsWithNulls() {
        String out = "1\u001Fa\nb\u001F\u0018\u001E2\u001F\u001F\u001E";

        assertThat(SqlResult.parseRows(out)).containsExactly(Arrays.asList("1", "a\nb", null), List.of("2", "", ""));
        assertThat(SqlResult.parseRows("")).isEmpty();
    }

    @Test
    void singleValueInsistsOnOneValue() {
        SqlResult one = new SqlResult(0, "7\u001E", "", "", Duration.ZERO);
        SqlResult two = new SqlResult(0, "7\u001E8\u001E", "", "", Duration.ZERO);

        assertThat(one.singleValue()).isEqualTo("7");
        assertThatThrownBy(two::singleValue).isInstanceOf(IllegalStateException.class)
                .hasMessage("expected one row with one value, got [[7], [8]]");
    }
}
