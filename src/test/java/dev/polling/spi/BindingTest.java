package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.epoll.EpollOs;
import dev.polling.kqueue.KqueueOs;

/** The seam through which a backend gets its OS interface from a binding. */
class BindingTest {
    @Test
    void shouldNameTheImplementationByConvention() {
        assertEquals("dev.polling.epoll.jnr.JnrEpollOs", Binding.JNR.implementationName(EpollOs.class));
        assertEquals("dev.polling.kqueue.ffm.FfmKqueueOs", Binding.FFM.implementationName(KqueueOs.class));
        assertEquals("ffm", Binding.FFM.propertyName());
    }

    @Test
    void shouldSayWhenABindingHasNoImplementationHere() {
        NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class, () -> Binding.FFM.load(NativeOs.class));
        assertTrue(e.getMessage().contains("the FFM binding has no dev.polling.spi.ffm.FfmNativeOs"), e.getMessage());
    }

    @Test
    void shouldSayWhenAnImplementationHasNoMatchingLoad() {
        // JnrEpollOs has load(), not load(Platform)
        IncompatibleClassChangeError e = assertThrows(IncompatibleClassChangeError.class,
                () -> Binding.JNR.load(EpollOs.class, Platform.class, Platform.current()));
        assertTrue(e.getMessage().contains("dev.polling.epoll.jnr.JnrEpollOs has no public static"), e.getMessage());
    }
}
