/**
 * The KQUEUE backend's {@code java.lang.foreign} binding ({@code FfmKqueueOs}).
 *
 * <p>The classes are in {@code META-INF/versions/22} of the multi-release jar (sources in
 * {@code src/main/java22}); this file, in the base, makes the package part of the module on
 * every JDK.
 */
package dev.polling.kqueue.ffm;
