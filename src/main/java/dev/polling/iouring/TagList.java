package dev.polling.iouring;

import java.util.Arrays;

/**
 * A growable list of request tags, oldest first: the poll requests to cancel at the next
 * submission. Not thread-safe: used under the backend's lock.
 */
final class TagList {
    private long[] tags = new long[16];
    private int size;

    /** Appends {@code tag}. */
    void add(long tag) {
        if (size == tags.length) {
            tags = Arrays.copyOf(tags, size * 2);
        }
        tags[size++] = tag;
    }

    /** How many tags are listed. */
    int size() {
        return size;
    }

    /** The tag at {@code index}. */
    long get(int index) {
        return tags[index];
    }

    /** Drops the first {@code count} tags. */
    void removeFirst(int count) {
        System.arraycopy(tags, count, tags, 0, size - count);
        size -= count;
    }
}
