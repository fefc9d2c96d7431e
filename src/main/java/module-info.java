/**
 * polling: a portable, oneshot-by-default readiness poller.
 *
 * <p>Only {@code dev.polling} and {@code dev.polling.testing} are API; every backend is reached
 * through {@link dev.polling.Poller}.
 *
 * <p>JNR-FFI is optional: only the JNR binding (the {@code *.jnr} packages) uses it, and it is
 * loaded only when that binding is chosen; the pure-Java SELECTOR layer and the
 * {@code java.lang.foreign} binding run without it.
 */
module dev.polling {
    requires static org.jnrproject.ffi;
    requires static org.jnrproject.jffi;

    exports dev.polling;
    exports dev.polling.testing;
}
