package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;

/** What a run opened, closed in reverse order at its end: devices before hosts before proxies. */
public final class Resources implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();

    public synchronized <T extends AutoCloseable> T add(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() throws Exception {
        Exception first = null;
        for (AutoCloseable resource : opened.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}
