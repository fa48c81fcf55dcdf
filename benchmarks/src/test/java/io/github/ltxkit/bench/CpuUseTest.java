package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CpuUseTest {
    @Test
    void otherWorkIsAllBusyTimeMinusThisJvmsShareOfEveryCoreOverTheRun() {
        // 10 s on 2 cores = 20 core-seconds; 15 s busy of which 10 s was this JVM: others took 5 s = 25%.
        CpuUse start = new CpuUse(1_000_000_000L, 4_000, 50, 3_000_000_000L);
        CpuUse end = new CpuUse(11_000_000_000L, 5_500, 150, 13_000_000_000L);

        assertThat(start.othersUntil(end, 2))
                .isEqualTo("25% of the 2 cores' time used by other processes, 5% stolen by the hypervisor");
    }

    @Test
    void aReadingOnLinuxHoldsTheMachinesAndThisJvmsCpuTime() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux's /proc/stat");

        assertThat(CpuUse.now()).get().satisfies(
                reading -> assertThat(reading.busyJiffies()).isPositive(),
                reading -> assertThat(reading.ownNanos()).isPositive());
    }
}
