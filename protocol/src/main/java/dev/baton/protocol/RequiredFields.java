package dev.baton.protocol;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.SealedEvent;
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
        if (value instanceof SealedEvent event) {
            checkClearFields(event, path);
        }
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

    /** What a relay acts on must be in the clear, and everything else sealed. */
    private static void checkClearFields(SealedEvent event, String path) {
        String type = event.type();
        String where = path.isEmpty() ? "" : path + ".";
        if (SealedEvent.STATUS.equals(type)) {
            if (event.processing() == null) {
                throw new ProtocolException(
                        ErrorCode.BAD_REQUEST, "missing \"" + where + "processing\" of a status event");
            }
            return;
        }
        if (type != null && event.sealed() == null) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "missing \"" + where + "sealed\" of a " + type + " event");
        }
        if ((SealedEvent.PERMISSION_REQUEST.equals(type) || SealedEvent.PERMISSION_DECISION.equals(type))
                && event.requestId() == null) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "missing \"" + where + "requestId\" of a " + type + " event");
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
