package dev.polling.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchParamsTest {
    @Test
    void shouldParseRingConfigAsPipesAndTokens() {
        assertArrayEquals(new int[] {1000, 1}, BenchParams.ring("1000x1"));
    }

    @Test
    void shouldRejectRingConfigWithoutSeparator() {
        assertThrows(IllegalArgumentException.class, () -> BenchParams.ring("1000"));
    }

    @Test
    void shouldAcceptAnyCpuWithoutChecking() {
        assertDoesNotThrow(() -> BenchParams.requireCpus("any"));
    }

    @Test
    void shouldRefuseACpuLabelTheProcessIsNotConfinedTo() {
        // no machine this runs on confines the JVM to CPU 4095 alone
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchParams.requireCpus("4095"));

        assertTrue(e.getMessage().contains("taskset -c 4095"), e.getMessage());
    }
}
