package dev.baton.server.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.Test;

class InitializationOptionsTest {
    @Test
    void theEditorsOfflineTimeoutIsReadWhenPresent() {
        assertThat(InitializationOptions.offlineTimeout(
                        params("{\"initializationOptions\":{\"offlineTimeout\":\"30s\"}}")))
                .contains(Duration.ofSeconds(30));
        assertThat(InitializationOptions.offlineTimeout(params("{}"))).isEmpty();
        assertThat(InitializationOptions.offlineTimeout(params("{\"initializationOptions\":{}}")))
                .isEmpty();
        assertThat(InitializationOptions.offlineTimeout(null)).isEmpty();
    }

    @Test
    void aValueThatIsNotADurationIsInvalidParamsSayingWhatWasExpected() {
        assertThatThrownBy(() -> InitializationOptions.offlineTimeout(
                        params("{\"initializationOptions\":{\"offlineTimeout\":\"soon\"}}")))
                .isInstanceOfSatisfying(ResponseErrorException.class, e -> {
                    assertThat(e.getResponseError().getCode()).isEqualTo(-32602);
                    assertThat(e.getResponseError().getMessage())
                            .isEqualTo("initializationOptions.offlineTimeout: expected a duration such as 30s,"
                                    + " 10m or 1h, got 'soon'");
                });
        assertThatThrownBy(() -> InitializationOptions.offlineTimeout(
                        params("{\"initializationOptions\":{\"offlineTimeout\":600}}")))
                .isInstanceOfSatisfying(ResponseErrorException.class, e -> assertThat(
                                e.getResponseError().getMessage())
                        .contains("expected a string such as \"30s\""));
    }

    private static JsonObject params(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
