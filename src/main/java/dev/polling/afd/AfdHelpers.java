package dev.polling.afd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.polling.spi.NativeBuffer;

/**
 * The {@code \Device\Afd} helper handles: opened without an extended-attribute buffer they talk
 * to the AFD driver without being sockets. Each is bound to the completion port and serves at most
 * {@link #SOCKETS_PER_HELPER} sockets (wepoll, polling and mio use 32: cancelling gets slower the
 * more polls share a handle). Opened lazily; a helper is closed when its last socket is released,
 * unless it is the newest. Used under the backend's lock.
 */
final class AfdHelpers {
    /** The most sockets polled through one helper handle. */
    static final int SOCKETS_PER_HELPER = 32;
    /** The device path opened (the part after {@code \Device\Afd\} is arbitrary). */
    static final String DEVICE = "\\Device\\Afd\\Polling";
    /** The completion key every helper is bound with. */
    static final long KEY_AFD = 1;

    /** One helper handle and how many sockets use it. */
    static final class Helper {
        final long handle;
        int users;
        boolean closed;

        Helper(long handle) {
            this.handle = handle;
        }
    }

    private final AfdOs sys;
    private final long port;
    private final List<Helper> helpers = new ArrayList<>();
    // NtCreateFile's arguments, built once: the name, its UNICODE_STRING, the OBJECT_ATTRIBUTES.
    private final NativeBuffer name;
    private final NativeBuffer nameString;
    private final NativeBuffer attributes;
    private final NativeBuffer iosb;
    private final NativeBuffer handleOut;

    AfdHelpers(AfdOs sys, long port) {
        this.sys = sys;
        this.port = port;
        name = sys.allocate(2L * DEVICE.length() + 2);
        nameString = sys.allocate(UnicodeStringLayout.SIZE);
        attributes = sys.allocate(ObjectAttributesLayout.SIZE);
        iosb = sys.allocate(IoStatusBlockLayout.SIZE);
        handleOut = sys.allocate(8);
        UnicodeStringLayout.put(nameString, name, DEVICE);
        ObjectAttributesLayout.put(attributes, nameString);
    }

    /** A helper with room for one more socket (opening one if needed); counts the socket as a user. */
    Helper acquire() throws IOException {
        Helper newest = helpers.isEmpty() ? null : helpers.get(helpers.size() - 1);
        if (newest == null || newest.users >= SOCKETS_PER_HELPER) {
            newest = open();
            helpers.add(newest);
        }
        newest.users++;
        return newest;
    }

    /** One socket stopped using {@code h}; closes it if it was the last and {@code h} is not the newest. */
    void release(Helper h) {
        h.users--;
        if (h.users == 0 && !h.closed && helpers.get(helpers.size() - 1) != h) {
            h.closed = true;
            helpers.remove(h);
            sys.closeHandle(h.handle);
        }
    }

    /** How many helper handles are open. */
    int count() {
        return helpers.size();
    }

    /** Opens the first helper now, so that a missing AFD driver fails at creation (polling does the same). */
    void probe() throws IOException {
        if (helpers.isEmpty()) {
            helpers.add(open());
        }
    }

    /** Closes every helper (which cancels whatever is still outstanding on it) and frees the buffers. */
    void closeAll() {
        for (Helper h : helpers) {
            if (!h.closed) {
                h.closed = true;
                sys.closeHandle(h.handle);
            }
        }
        helpers.clear();
        name.close();
        nameString.close();
        attributes.close();
        iosb.close();
        handleOut.close();
    }

    private Helper open() throws IOException {
        handleOut.putLong(0, 0L);
        int status = sys.ntCreateFile(handleOut, AfdAbi.SYNCHRONIZE, attributes, iosb,
                AfdAbi.FILE_SHARE_READ | AfdAbi.FILE_SHARE_WRITE, AfdAbi.FILE_OPEN, 0);
        if (status != AfdAbi.STATUS_SUCCESS) {
            throw new IOException("NtCreateFile(" + DEVICE + "): " + AfdAbi.ntStatus(status) + ", "
                    + AfdAbi.win32(sys.rtlNtStatusToDosError(status)) + "; the AFD driver cannot be opened (Windows before Vista, or Wine before 7.13?)");
        }
        long handle = handleOut.getLong(0);
        long bound = sys.createIoCompletionPort(handle, port, KEY_AFD, 0);
        if (bound < 0) {
            sys.closeHandle(handle);
            throw new IOException("CreateIoCompletionPort(AFD helper): " + AfdAbi.win32((int) -bound));
        }
        // Only skip signalling the handle's event: completions must still be queued when a request
        // finishes at once, since the completion is where the backend learns that it finished.
        int r = sys.setFileCompletionNotificationModes(handle, AfdAbi.FILE_SKIP_SET_EVENT_ON_HANDLE);
        if (r != 0) {
            sys.closeHandle(handle);
            throw new IOException("SetFileCompletionNotificationModes(AFD helper): " + AfdAbi.win32(-r));
        }
        return new Helper(handle);
    }
}
