package dev.baton.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainAllowListTest {
    private final DomainAllowList list = new DomainAllowList(List.of("Example.COM", "*.github.com", "localhost"));

    @Test
    void anExactEntryAllowsThatHostInAnyCaseAndNoOther() {
        assertThat(list.allows("example.com")).isTrue();
        assertThat(list.allows("EXAMPLE.com")).isTrue();
        assertThat(list.allows("example.com.")).isTrue(); // the fully qualified spelling
        assertThat(list.allows("www.example.com")).isFalse();
        assertThat(list.allows("example.com.evil.net")).isFalse();
        assertThat(list.allows("notexample.com")).isFalse();
        assertThat(list.allows("localhost")).isTrue();
    }

    @Test
    void aWildcardAllowsEveryHostBelowItButNotItself() {
        assertThat(list.allows("api.github.com")).isTrue();
        assertThat(list.allows("a.b.GITHUB.com")).isTrue();
        assertThat(list.allows("github.com")).isFalse();
        assertThat(list.allows("evilgithub.com")).isFalse();
        assertThat(list.allows("github.com.evil.net")).isFalse();
    }

    @Test
    void whatIsNotAHostNameIsNeverAllowed() {
        DomainAllowList numbers = new DomainAllowList(List.of("*.example.com"));
        assertThat(numbers.allows("127.0.0.1")).isFalse();
        assertThat(numbers.allows("::1")).isFalse();
        assertThat(numbers.allows("")).isFalse();
        assertThat(numbers.allows("x y.example.com")).isFalse();
        assertThat(numbers.allows("user@x.example.com")).isFalse();
        assertThat(DomainAllowList.NONE.allows("example.com")).isFalse();
        assertThat(DomainAllowList.NONE.isEmpty()).isTrue();
    }

    @Test
    void entriesMustBeHostNamesOrLeadingWildcards() {
        assertThat(new DomainAllowList(List.of(" pypi.org ", "files.pythonhosted.org.")).entries())
                .containsExactly("pypi.org", "files.pythonhosted.org");
        assertThatThrownBy(() -> new DomainAllowList(List.of("10.0.0.1")))
                .hasMessage("\"10.0.0.1\" is an IP address; only host names are allowed");
        assertThatThrownBy(() -> new DomainAllowList(List.of("::1")))
                .hasMessage("\"::1\" is an IP address; only host names are allowed");
        assertThatThrownBy(() -> new DomainAllowList(List.of("api.*.com")))
                .hasMessageContaining("only allowed as a leading \"*.\"");
        assertThatThrownBy(() -> new DomainAllowList(List.of("*"))).hasMessageContaining("\"*\"");
        assertThatThrownBy(() -> new DomainAllowList(List.of("*.")))
                .hasMessageStartingWith("\"*.\" is not a host name");
        assertThatThrownBy(() -> new DomainAllowList(List.of("https://example.com")))
                .hasMessage("\"https://example.com\" is not a host name");
        assertThatThrownBy(() -> new DomainAllowList(List.of("-bad.example.com")))
                .hasMessageContaining("not a host");
        assertThatThrownBy(() -> new DomainAllowList(List.of(""))).hasMessageContaining("not a host");
    }
}
