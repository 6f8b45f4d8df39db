package dev.baton.server.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathGlobTest {
    @Test
    void aStarStaysWithinOneName() {
        PathGlob glob = PathGlob.compile("src/*.java");
        assertThat(glob.matches("src/App.java")).isTrue();
        assertThat(glob.matches("src/main/App.java")).isFalse();
        assertThat(glob.matches("src/App.javax")).isFalse();
    }

    @Test
    void doubleStarCrossesDirectoriesAndMayMatchNone() {
        PathGlob glob = PathGlob.compile("src/**/*.java");
        assertThat(glob.matches("src/App.java")).isTrue();
        assertThat(glob.matches("src/a/b/App.java")).isTrue();
        assertThat(glob.matches("test/App.java")).isFalse();
        assertThat(PathGlob.compile("src/**").matches("src/a/b/c.txt")).isTrue();
        assertThat(PathGlob.compile("**/*.md").matches("README.md")).isTrue();
    }

    @Test
    void bracesClassesAndQuestionMarks() {
        assertThat(PathGlob.compile("*.{ts,tsx}").matches("a.tsx")).isTrue();
        assertThat(PathGlob.compile("*.{ts,tsx}").matches("a.js")).isFalse();
        assertThat(PathGlob.compile("file[0-9].txt").matches("file7.txt")).isTrue();
        assertThat(PathGlob.compile("file[!0-9].txt").matches("file7.txt")).isFalse();
        assertThat(PathGlob.compile("a?c").matches("abc")).isTrue();
        assertThat(PathGlob.compile("a?c").matches("a/c")).isFalse();
        assertThat(PathGlob.compile("a.c").matches("abc")).isFalse();
    }

    @Test
    void anEscapedPathMatchesOnlyItself() {
        String name = "odd [name] {x,y} *.txt";
        PathGlob glob = PathGlob.compile(PathGlob.escape(name));
        assertThat(glob.matches(name)).isTrue();
        assertThat(glob.matches("odd n {x,y} a.txt")).isFalse();
    }

    @Test
    void unbalancedGlobsAreRefusedByName() {
        assertThatThrownBy(() -> PathGlob.compile("src/[abc")).hasMessageContaining("src/[abc");
        assertThatThrownBy(() -> PathGlob.compile("*.{ts")).hasMessageContaining("{ without a }");
        assertThatThrownBy(() -> PathGlob.compile("a}")).hasMessageContaining("} without a {");
    }
}
