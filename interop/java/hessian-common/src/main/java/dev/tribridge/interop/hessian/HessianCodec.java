package dev.tribridge.interop.hessian;

/** One Hessian implementation, seen through the smallest API the lab needs. */
public interface HessianCodec {
    /** Short name, e.g. {@code caucho}. */
    String implementation();

    /** Maven coordinates of the library, {@code group:artifact:version}. */
    String artifact();

    /** {@code hessian2} (final Hessian 2.0 bytecodes) or {@code hessian3} (Hessian 3.1 draft bytecodes). */
    String dialect();

    /** Writes all values through one output (shared reference and class tables), flushed. */
    byte[] write(Object... values) throws Exception;

    /** Reads {@code count} top-level values through one input. */
    Object[] read(byte[] bytes, int count) throws Exception;
}
