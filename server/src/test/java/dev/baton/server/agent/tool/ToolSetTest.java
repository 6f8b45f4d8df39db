package dev.baton.server.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.agent.model.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSetTest {
    @Test
    void builtInOffersTheSevenToolsEachWithAnObjectSchema() {
        ToolSet tools = ToolSet.builtIn();
        assertThat(tools.all())
                .extracting(Tool::name)
                .containsExactly("Read", "Write", "Edit", "List", "Glob", "Grep", "Shell");
        for (Tool tool : tools.all()) {
            ToolSpec spec = new ToolSpec(tool.name(), tool.description(), tool.inputSchema());
            assertThat(spec.inputSchema().path("properties").size()).isPositive();
            assertThat(spec.inputSchema().path("required")).allSatisfy(field -> assertThat(
                            spec.inputSchema().path("properties").has(field.textValue()))
                    .isTrue());
        }
        assertThat(tools.find("Edit")).containsInstanceOf(EditTool.class);
        assertThat(tools.find("edit")).isEmpty();
    }

    @Test
    void withAddsToolsAfterTheBuiltInOnesAndRefusesATakenName() {
        ToolSet more = ToolSet.builtIn().with(List.of(new Named("mcp__git__status")));
        assertThat(more.all()).hasSize(8).last().extracting(Tool::name).isEqualTo("mcp__git__status");
        assertThat(more.find("mcp__git__status")).isPresent();
        assertThat(ToolSet.builtIn().find("mcp__git__status")).isEmpty();
        assertThatThrownBy(() -> more.with(List.of(new Named("Read"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Read");
    }

    private record Named(String name) implements Tool {
        @Override
        public String description() {
            return "test";
        }

        @Override
        public JsonNode inputSchema() {
            return Schema.object().build();
        }

        @Override
        public Access access(JsonNode input, ToolContext context) {
            return new Access.Free();
        }

        @Override
        public ToolOutcome run(JsonNode input, ToolContext context) {
            return ToolOutcome.success("");
        }
    }
}
