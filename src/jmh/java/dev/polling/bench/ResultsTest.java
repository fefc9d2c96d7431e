package dev.polling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    private static final String CSV = """
            "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: impl","Param: ring"
            "dev.polling.bench.RingBench.ring","thrpt",1,3,500000.5,1000.0,"ops/s",epoll-oneshot-raw,1000x1
            "dev.polling.bench.RingBench.ring:events","thrpt",1,3,500000.5,1000.0,"ops/s",epoll-oneshot-raw,1000x1
            "dev.polling.bench.RingBench.ring:gc.alloc.rate.norm","thrpt",1,3,0.01,NaN,"B/op",epoll-oneshot-raw,1000x1
            "dev.polling.bench.RingBench.ring:events","thrpt",1,3,400000,2000.0,"ops/s",jdk-selector,1000x1
            """;

    @TempDir
    Path dir;

    @Test
    void shouldSplitQuotedCellsKeepingCommasAndQuotesInside() {
        assertEquals(List.of("a,b", "say \"hi\"", "", "c"), Results.splitCsv("\"a,b\",\"say \"\"hi\"\"\",,c"));
    }

    @Test
    void shouldFindAJmhRowByBenchmarkAndParams() throws IOException {
        Files.writeString(dir.resolve("ring.csv"), CSV);

        Results results = Results.read(dir);

        assertEquals(400000, results.score("RingBench.ring:events", "impl", "jdk-selector", "ring", "1000x1"));
        assertEquals(0.01, results.score("RingBench.ring:gc.alloc.rate.norm", "impl", "epoll-oneshot-raw"));
        assertEquals(Double.NaN, results.find("RingBench.ring:gc.alloc.rate.norm", "impl", "epoll-oneshot-raw").error());
        assertNull(results.find("RingBench.ring:events", "impl", "poll-level-raw"));
    }

    @Test
    void shouldReadCLinesAsFieldsAndIgnoreOtherLinesAndFiles() throws IOException {
        Files.writeString(dir.resolve("c-ring.txt"), """
                impl=c-epoll N=1000 T=1 events=1000000 seconds=2.0 events_per_sec=500000
                note: spurious wakeups A=1 B=0
                impl=c-epoll-lt N=1000 T=1 events=1000000 seconds=1.0 events_per_sec=1000000
                impl=c-epoll N=1000 T=1 events=1000000 seconds=2.5 events_per_sec=400000
                """);

        Files.writeString(dir.resolve("ab-1000-1.txt"), "impl=c-epoll N=1000 T=1 events=1 seconds=1 events_per_sec=1\n");

        Results results = Results.read(dir);

        assertEquals(List.of(500000.0, 400000.0), results.cValues("events_per_sec", "impl", "c-epoll", "N", "1000", "T", "1"));
        assertEquals(List.of(1000000.0), results.cValues("events_per_sec", "impl", "c-epoll-lt"));
    }
}
