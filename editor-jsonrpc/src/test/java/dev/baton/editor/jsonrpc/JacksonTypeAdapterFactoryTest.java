package dev.baton.editor.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import dev.baton.protocol.Json;
import dev.baton.protocol.editor.EditorApi.SessionEvent;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JacksonTypeAdapterFactoryTest {
    private final Gson gson = new GsonBuilder()
            .registerTypeAdapterFactory(new JacksonTypeAdapterFactory())
            .create();

    @Test
    void gsonWritesAndReadsProtocolTypesExactlyAsJacksonDoes() {
        var value = new SessionEvent(
                "s-1",
                new Event(3, Instant.parse("2026-11-24T08:00:00Z"), "in-1", "editor", new EventBody.Notice("hi")));

        String viaGson = gson.toJson(value);

        assertThat(JsonParser.parseString(viaGson)).isEqualTo(JsonParser.parseString(Json.write(value)));
        assertThat(gson.fromJson(viaGson, SessionEvent.class)).isEqualTo(value);
    }
}
