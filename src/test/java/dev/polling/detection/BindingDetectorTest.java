package dev.polling.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Binding;

class BindingDetectorTest {
    private static final int FEATURE = Runtime.version().feature();

    private String previous;

    @BeforeEach
    void saveProperty() {
        previous = System.getProperty(BindingDetector.BINDING_PROPERTY);
        System.clearProperty(BindingDetector.BINDING_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(BindingDetector.BINDING_PROPERTY);
        } else {
            System.setProperty(BindingDetector.BINDING_PROPERTY, previous);
        }
    }

    @Test
    void shouldChooseForeignOn22AndJnrBefore() {
        Binding expected = FEATURE >= BindingDetector.FFM_FEATURE ? Binding.FFM : Binding.JNR;
        assertEquals(expected, BindingDetector.chosen(), "default binding on JDK " + FEATURE);
    }

    @Test
    void shouldRefuseForcedForeignBefore22NamingTheJdk() {
        assumeTrue(FEATURE < BindingDetector.FFM_FEATURE, "JDK " + FEATURE + " can use java.lang.foreign");
        System.setProperty(BindingDetector.BINDING_PROPERTY, "ffm");
        IllegalStateException e = assertThrows(IllegalStateException.class, BindingDetector::chosen);
        assertTrue(e.getMessage().contains("-Dpolling.binding=ffm"), e.getMessage());
        assertTrue(e.getMessage().contains("JDK 22 or newer; this is JDK " + FEATURE), e.getMessage());
        assertNotNull(BindingDetector.unusableReason(Binding.FFM));
    }

    @Test
    void shouldHonourForcedBindings() {
        System.setProperty(BindingDetector.BINDING_PROPERTY, "JNR");
        assertEquals(Binding.JNR, BindingDetector.chosen());
        assumeTrue(FEATURE >= BindingDetector.FFM_FEATURE, "java.lang.foreign needs JDK 22+, this is " + FEATURE);
        System.setProperty(BindingDetector.BINDING_PROPERTY, " ffm ");
        assertEquals(Binding.FFM, BindingDetector.chosen());
        assertNull(BindingDetector.unusableReason(Binding.FFM));
    }

    @Test
    void shouldTreatABlankPropertyAsUnset() {
        System.setProperty(BindingDetector.BINDING_PROPERTY, " ");
        assertEquals(FEATURE >= BindingDetector.FFM_FEATURE ? Binding.FFM : Binding.JNR, BindingDetector.chosen());
    }

    @Test
    void shouldRefuseAnUnknownBindingListingTheKnownOnes() {
        System.setProperty(BindingDetector.BINDING_PROPERTY, "jni");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, BindingDetector::chosen);
        assertTrue(e.getMessage().contains("jni") && e.getMessage().contains("ffm or jnr"), e.getMessage());
    }

    @Test
    void shouldSeeNativeAccessTheTestJvmWasGiven() {
        // The test JVM runs with --enable-native-access=ALL-UNNAMED; before JDK 22 nothing is restricted.
        assertTrue(BindingDetector.nativeAccessEnabled(Binding.JNR));
        assertTrue(BindingDetector.nativeAccessEnabled());
    }
}
