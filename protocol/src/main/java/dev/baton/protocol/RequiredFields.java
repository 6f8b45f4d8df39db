package dev.baton.protocol;

import dev.baton.protocol.event.Event;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Jackson leaves a field the sender left out null. On a stream a frame's fields are required unless they
 * are {@link Nullable} (or {@link SentAsNull}), so a frame that lacks one is refused here, naming it,
 * instead of failing later inside whoever handles it.
 */
final class RequiredFields {
    private RequiredFields() {}

    static void check(Object value, String path) {
        if (value instanceof Event event) {
            // The header's seq and ts are checked by Event's own deserializer.
            check(event.body(), path);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), path + "[" + i + "]");
            }
        } else if (value != null
                && value.getClass().isRecord()
                && value.getClass().getPackageName().startsWith("dev.baton.protocol")) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                String where = path.isEmpty() ? component.getName() : path + "." + component.getName();
                Object field = read(component, value);
                if (field != null) {
                    check(field, where);
                } else if (!component.isAnnotationPresent(Nullable.class)
                        && !component.getAnnotatedType().isAnnotationPresent(SentAsNull.class)) {
                    throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing \"" + where + "\"");
                }
            }
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
