package dev.drivelink.core.wiring;

import java.util.function.Supplier;

/** A value built on first use, once, so a function builds only what it uses. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    static <T> Lazy<T> of(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    /** Runs {@code action} on the value if it was built; builds nothing. */
    void ifBuilt(java.util.function.Consumer<T> action) {
        T v = value;
        if (v != null) {
            action.accept(v);
        }
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = factory.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
