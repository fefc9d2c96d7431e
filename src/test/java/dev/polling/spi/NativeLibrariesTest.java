package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeLibrariesTest {
    private static final String PROPERTY = "polling.testbackend.library";

    @AfterEach
    void tearDown() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void shouldNameThePropertyAfterTheBackend() {
        assertEquals("polling.kqueue.library", NativeLibraries.libraryProperty("kqueue"));
    }

    @Test
    void shouldUseDefaultLibraryWithoutOverride() {
        assertEquals("c", NativeLibraries.libraryFor("testbackend", "c"));
        System.setProperty(PROPERTY, "   ");
        assertEquals("c", NativeLibraries.libraryFor("testbackend", "c"));
    }

    @Test
    void shouldUseTrimmedOverride() {
        System.setProperty(PROPERTY, " kqueue-shim ");
        assertEquals("kqueue-shim", NativeLibraries.libraryFor("testbackend", "c"));
    }

    @Test
    void shouldQuoteTheFirstLineOfALoadFailureAndNothingWhenItSaysNothing() {
        assertEquals(" [libfoo.so: cannot open]", NativeLibraries.causeDetail(new UnsatisfiedLinkError("libfoo.so: cannot open\nmore")));
        assertEquals("", NativeLibraries.causeDetail(new UnsatisfiedLinkError("unknown")));
        assertEquals("", NativeLibraries.causeDetail(new UnsatisfiedLinkError()));
    }
}
