package dev.polling.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polling.spi.Binding;
import dev.polling.detection.BindingDetector;

/** For tests run once per {@link Binding}: skips a binding this JVM cannot use, saying why. */
public final class Bindings {
    private Bindings() {
    }

    /**
     * {@code binding}'s implementation of {@code os}.
     *
     * @throws org.opentest4j.TestAbortedException if the binding cannot work in this JVM
     */
    public static <T> T load(Binding binding, Class<T> os) {
        String reason = BindingDetector.unusableReason(binding);
        assumeTrue(reason == null, reason);
        return binding.load(os);
    }
}
