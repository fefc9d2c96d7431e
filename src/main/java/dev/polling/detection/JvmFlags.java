package dev.polling.detection;

import java.lang.reflect.Method;

import dev.polling.Backend;
import dev.polling.spi.Binding;
import dev.polling.spi.ChannelDescriptors;

/**
 * Which of the JVM flags a native backend needs were given to this JVM, and how to spell the
 * missing ones for the way the library was loaded (class path or module path).
 *
 * <p>A native backend needs what the JVM grants only by flag: reading a JDK channel's descriptor
 * (an export of {@code sun.nio.ch}, see {@link ChannelDescriptors}); on JDK 22 and later, native
 * access for the module that loads native code (this library's with the {@code java.lang.foreign}
 * binding, jffi's with JNR-FFI; without it the JVM prints warnings on stderr, and later JDKs
 * refuse); and with JNR-FFI on the module path, the backend's binding package exported to the
 * unnamed modules where JNR-FFI defines its generated classes. Without any of them,
 * {@code Poller.create()} uses the pure-Java SELECTOR backend and stays quiet.
 */
final class JvmFlags {
    /** The class whose module loads the native stub of the JNR-FFI binding (jffi). */
    static final String NATIVE_LOADER_CLASS = "com.kenai.jffi.Foreign";

    private JvmFlags() {
    }

    /** The flag that exports {@code sun.nio.ch} to this library, as the user must write it here. */
    static String exportFlag() {
        return "--add-exports java.base/sun.nio.ch=" + moduleOrAllUnnamed(JvmFlags.class.getModule());
    }

    /**
     * What keeps {@code backend} from working quietly in this JVM, naming the flags to add, or
     * {@code null} if nothing does.
     */
    static String missingForNative(Backend backend) {
        StringBuilder missing = new StringBuilder();
        if (!ChannelDescriptors.isAvailable()) {
            missing.append(exportFlag());
        }
        if (BindingDetector.chosen() == Binding.FFM) {
            // java.lang.foreign: native access for this library's module, nothing else (no generated
            // classes to export to, and no JNR class may be loaded to look at its module).
            if (!BindingDetector.nativeAccessEnabled(Binding.FFM)) {
                missing.append(missing.length() == 0 ? "" : " ")
                        .append("--enable-native-access=").append(moduleOrAllUnnamed(JvmFlags.class.getModule()));
            }
            return missing.length() == 0 ? null : "start the JVM with " + missing;
        }
        Module library = JvmFlags.class.getModule();
        String bindingPackage = bindingPackage(backend);
        if (library.isNamed() && !library.isExported(bindingPackage, JvmFlags.class.getClassLoader().getUnnamedModule())) {
            // JNR-FFI defines the class it generates for a binding interface in an unnamed module of
            // its own class loader, which must see the interface's package.
            missing.append(missing.length() == 0 ? "" : " ")
                    .append("--add-exports ").append(library.getName()).append('/').append(bindingPackage).append("=ALL-UNNAMED");
        }
        Module loader;
        try {
            loader = Class.forName(NATIVE_LOADER_CLASS, false, JvmFlags.class.getClassLoader()).getModule();
        } catch (ClassNotFoundException | LinkageError e) {
            return "JNR-FFI is not on the class path, or not resolved on the module path (add"
                    + " --add-modules org.jnrproject.ffi,org.objectweb.asm)";
        }
        if (!nativeAccessEnabled(loader)) {
            missing.append(missing.length() == 0 ? "" : " ").append("--enable-native-access=").append(moduleOrAllUnnamed(loader));
        }
        return missing.length() == 0 ? null : "start the JVM with " + missing;
    }

    /**
     * Whether {@code module} may call restricted methods without a warning: always before JDK 22,
     * where the JVM does not ask; from 22 on, {@code Module.isNativeAccessEnabled()}.
     */
    static boolean nativeAccessEnabled(Module module) {
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            Method enabled = Module.class.getMethod("isNativeAccessEnabled");
            return (boolean) enabled.invoke(module);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The package of {@code backend}'s JNR-FFI binding interfaces. */
    static String bindingPackage(Backend backend) {
        return switch (backend) {
            case EPOLL -> "dev.polling.epoll.jnr";
            case KQUEUE -> "dev.polling.kqueue.jnr";
            case EVENT_PORTS -> "dev.polling.ports.jnr";
            case POLL -> "dev.polling.poll.jnr";
            case AFD -> "dev.polling.afd.jnr";
            case IO_URING -> "dev.polling.iouring.jnr";
            case SELECTOR, MOCK -> throw new IllegalArgumentException(backend + " has no native binding");
        };
    }

    private static String moduleOrAllUnnamed(Module module) {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }
}
