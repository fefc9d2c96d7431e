package dev.polling.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about this process and its threads: open descriptors, the
 * system call a thread is blocked in, its context switches. Each reader returns a sentinel (not
 * an exception) for a thread that has gone, so a polling loop can call it freely.
 */
final class ProcFs {
    private static final Path SELF = Path.of("/proc/self");

    private ProcFs() {
    }

    /** Whether {@code /proc/self/fd} lists this process's descriptors (Linux). */
    static boolean hasDescriptorTable() {
        return Files.isDirectory(SELF.resolve("fd"));
    }

    /**
     * Whether this is Linux with a readable {@code /proc/self}, including the system call a thread
     * is blocked in (which needs ptrace access to oneself, refused by some sandboxes), on a CPU
     * whose wait system calls {@link #waitSyscalls()} knows.
     */
    static boolean isAvailable() {
        if (!Files.isDirectory(SELF.resolve("fd")) || !Files.isDirectory(SELF.resolve("task")) || waitSyscalls().isEmpty()) {
            return false;
        }
        try {
            return !Files.readString(Path.of("/proc/thread-self/syscall")).isBlank();
        } catch (IOException | SecurityException unreadable) {
            return false;
        }
    }

    /** How many descriptors the process has open (the directory listing's own included, always once). */
    static int openDescriptors() {
        try (Stream<Path> fds = Files.list(SELF.resolve("fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernel thread id of the live thread named {@code name} (its first 15 characters), or -1. */
    static int threadId(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (Stream<Path> tasks = Files.list(SELF.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        return Integer.parseInt(task.getFileName().toString());
                    }
                } catch (IOException threadEnded) {
                    // the thread exited while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    /**
     * The line of {@code /proc/self/task/TID/syscall}: the number of the system call the thread is
     * blocked in and its arguments, {@code "running"} when on a CPU, or {@code ""} if unreadable.
     */
    static String syscallLine(int tid) {
        try {
            return Files.readString(SELF.resolve("task/" + tid + "/syscall")).strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** The number of the system call thread {@code tid} is blocked in, or -1 if it is running or gone. */
    static int blockedSyscall(int tid) {
        String line = syscallLine(tid);
        int space = line.indexOf(' ');
        if (space <= 0) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(0, space));
        } catch (NumberFormatException running) {
            return -1;
        }
    }

    /** How many times thread {@code tid} has blocked voluntarily, or -1 if it is gone. */
    static long voluntarySwitches(int tid) {
        try {
            List<String> lines = Files.readAllLines(SELF.resolve("task/" + tid + "/status"));
            for (String line : lines) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException gone) {
            // fall through
        }
        return -1;
    }

    /**
     * The numbers of the system calls a poller waits in on this CPU: epoll_wait, epoll_pwait,
     * epoll_pwait2, poll, ppoll, io_uring_enter. Empty on an architecture this table does not know.
     */
    static Set<Integer> waitSyscalls() {
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Set.of(232, 281, 441, 7, 271, 426);
            case "aarch64", "arm64" -> Set.of(22, 441, 73, 426); // no epoll_wait or poll on arm64
            default -> Set.of();
        };
    }

    /** A readable name for a wait system call number. */
    static String syscallName(int number) {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (number == 441) {
            return "epoll_pwait2";
        }
        if (number == 426) {
            return "io_uring_enter";
        }
        if (arm) {
            return switch (number) {
                case 22 -> "epoll_pwait";
                case 73 -> "ppoll";
                default -> "syscall " + number;
            };
        }
        return switch (number) {
            case 232 -> "epoll_wait";
            case 281 -> "epoll_pwait";
            case 7 -> "poll";
            case 271 -> "ppoll";
            default -> "syscall " + number;
        };
    }
}
