package dev.tribridge.interop.hessian;

import java.io.ByteArrayInputStream;
import java.io.EOFException;

/**
 * Input for Hessian2Input that fails instead of returning -1 at the end: the Java readers
 * only ask for more bytes when they need them, and would otherwise turn -1 into garbage values.
 */
public final class GuardedInput extends ByteArrayInputStream {
    public GuardedInput(byte[] bytes) { super(bytes); }

    @Override public synchronized int read() {
        if (pos >= count) throw new UncheckedEof();
        return super.read();
    }

    @Override public synchronized int read(byte[] b, int off, int len) {
        if (len > 0 && pos >= count) throw new UncheckedEof();
        return super.read(b, off, len);
    }

    /** Unchecked so it passes through readers that only declare IOException in some paths. */
    public static final class UncheckedEof extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedEof() { super(new EOFException("read past the end of the input (truncated Hessian data)")); }

        @Override public String toString() { return "EOF: read past the end of the input (truncated Hessian data)"; }
    }
}
