/**
 * polling: a portable, oneshot-by-default readiness poller.
 *
 * <p>Only {@code dev.polling} and {@code dev.polling.testing} are API; every backend is reached
 * through {@link dev.polling.Poller}.
 */
module dev.polling {
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;

    exports dev.polling;
    exports dev.polling.testing;
}
