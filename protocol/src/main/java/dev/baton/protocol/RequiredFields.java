package dev.baton.protocol;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.SealedEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Jackson leaves a field the sender left out null. On a stream a frame's fields are required unless they
 * are {@link Nullable} (or {@link SentAsNull}), so a frame that lacks one is refused here, naming it,
 * instead of failing later inside whoever handles it.
 */
final class RequiredFields {
    /**
     * The fields checked, per class: none for what is not one of the protocol's records. Kept because
     * looking a record's components and their annotations up again cost more than decoding the frame.
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            if (!type.isRecord() || !type.getPackageName().startsWith("dev.baton.protocol")) {
                return List.of();
            }
            return Arrays.stream(type.getRecordComponents()).map(Component::of).toList();
        }
    };

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
        } else if (value != null) {
            for (Component component : COMPONENTS.get(value.getClass())) {
                String where = path.isEmpty() ? component.name() : path + "." + component.name();
                Object field = component.read(value);
                if (field != null) {
                    check(field, where);
                } else if (component.required()) {
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

    /** A field of one of the protocol's records, as the check needs it. */
    private record Component(String name, Method accessor, boolean required) {
        static Component of(RecordComponent component) {
            boolean optional = component.isAnnotationPresent(Nullable.class)
                    || component.getAnnotatedType().isAnnotationPresent(SentAsNull.class);
            return new Component(component.getName(), component.getAccessor(), !optional);
        }

        Object read(Object record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
        }
    }
}
