package dev.baton.editor.jsonrpc;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.baton.protocol.Json;
import java.io.IOException;

/**
 * LSP4J frames JSON-RPC with Gson. This factory hands every Baton wire type to {@link Json#MAPPER}
 * instead, so the editor channel and the relay streams serialise the contract in exactly one way.
 * Register it with {@code Launcher.Builder.configureGson(b -> b.registerTypeAdapterFactory(...))}.
 */
public final class JacksonTypeAdapterFactory implements TypeAdapterFactory {
    private static final String PROTOCOL_PACKAGE = "dev.baton.protocol.";

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!raw.getName().startsWith(PROTOCOL_PACKAGE)) {
            return null;
        }
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                if (value == null) {
                    out.nullValue();
                } else {
                    out.jsonValue(Json.write(value));
                }
            }

            @Override
            @SuppressWarnings("unchecked")
            public T read(JsonReader in) throws IOException {
                String text = JsonParser.parseReader(in).toString();
                return (T) Json.decode(text, raw);
            }
        };
    }
}
