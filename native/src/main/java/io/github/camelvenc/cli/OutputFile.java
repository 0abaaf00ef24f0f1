package io.github.camelvenc.cli;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The OUTPUT file of {@code venc encode}, written so that no file is ever lost:
 * <ul>
 * <li>a regular file (existing or not) is written to a temporary file next to it (next to the
 * symlink's target for a symlink), renamed over it by {@link #commit()} once the stream is complete;
 * {@link #abort()} removes that temporary file and nothing else;</li>
 * <li>anything else that exists (a device such as {@code /dev/null} or {@code /dev/full}, a FIFO, a
 * socket), and any path under {@code /dev} or {@code /proc} ({@code /dev/stdout}), is written in
 * place: never created, truncated, renamed or removed.</li>
 * </ul>
 * Every failure is an {@link IOException} saying what could not be done to which path and why, e.g.
 * {@code cannot create nodir/x.h264: no such directory}.
 */
final class OutputFile implements Closeable {
    private static final int BUFFER = 1 << 20;

    private final Path path;
    private final Path target;
    private final Path temporary;
    private final OutputStream stream;
    private boolean done;

    private OutputFile(Path path, Path target, Path temporary, OutputStream stream) {
        this.path = path;
        this.target = target;
        this.temporary = temporary;
        this.stream = new BufferedOutputStream(stream, BUFFER);
    }

    /**
     * Refuses an OUTPUT that is INPUT: the same file through any name (symlinks and hard links
     * included, compared by device and inode). Opens nothing; either may be null for a standard stream.
     */
    static void requireDistinct(Path input, Path output) throws IOException {
        if (input == null || output == null || !Files.exists(input) || !Files.exists(output)) {
            return;
        }
        if (Files.isSameFile(input, output)) {
            throw new UsageException("INPUT " + input + " and OUTPUT " + output + " are the same file;"
                    + " writing OUTPUT would destroy INPUT");
        }
    }

    /** Opens OUTPUT as described in the class comment. */
    static OutputFile open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("cannot create " + path + ": is a directory");
        }
        if (inPlace(path)) {
            try {
                return new OutputFile(path, null, null, Files.newOutputStream(path, StandardOpenOption.WRITE));
            } catch (IOException e) {
                throw new IOException("cannot open " + path + ": " + reason(e), e);
            }
        }
        Path target = Files.exists(path) ? path.toRealPath() : path;
        Path dir = target.toAbsolutePath().getParent();
        Path temporary = dir.resolve("." + target.getFileName() + ".venc-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        OutputStream out;
        try {
            out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot create " + path + ": no such directory", e);
        } catch (IOException e) {
            throw new IOException("cannot create " + path + ": " + reason(e), e);
        }
        try {
            if (Files.exists(target)) {
                PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
                if (view != null) {
                    view.setPermissions(Files.getPosixFilePermissions(target));
                }
            }
            return new OutputFile(path, target, temporary, out);
        } catch (IOException | RuntimeException | Error e) {
            out.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** True for paths written in place: existing non-regular files, and everything under /dev and /proc. */
    private static boolean inPlace(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith("/dev") || absolute.startsWith("/proc")
                || Files.exists(path) && !Files.isRegularFile(path);
    }

    /** Where the encoded stream goes. */
    OutputStream stream() {
        return stream;
    }

    /** Completes the stream: flushes it, and renames the temporary file over OUTPUT. */
    void commit() throws IOException {
        try {
            stream.close();
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + reason(e), e);
        }
        if (temporary != null) {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temporary + " to " + target + ": not on one file system", e);
            } catch (IOException e) {
                throw new IOException("cannot rename " + temporary + " to " + target + ": " + reason(e), e);
            }
        }
        done = true;
    }

    /** Gives up: closes the stream and removes the temporary file, if any; OUTPUT itself is never touched. */
    void abort() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            stream.close();
        } catch (IOException e) {
            // the stream failed already; the error being reported is the first one
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** {@link #abort()} unless committed. */
    @Override
    public void close() throws IOException {
        abort();
    }

    /** Why an I/O operation failed, as a short lower-case phrase ({@code no space left on device}). */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        if (e instanceof FileNotFoundException && text != null && text.endsWith(")") && text.contains(" (")) {
            text = text.substring(text.lastIndexOf(" (") + 2, text.length() - 1);
        }
        return text == null ? e.getClass().getSimpleName() : text.toLowerCase(Locale.ROOT);
    }
}
