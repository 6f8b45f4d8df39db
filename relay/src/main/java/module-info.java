/**
 * The relay. Its API is what a program embedding it needs: {@code dev.baton.relay} starts, configures and
 * administers a relay; {@code store} names where its accounts, tokens and sessions live and holds their
 * records; {@code auth}'s {@code Accounts} is what {@code RelayAdmin} edits them with; {@code oidc}'s
 * {@code OidcSettings} is part of {@code RelayConfig}. Routing, presence, sync, the HTTP and WebSocket
 * endpoints (the WebSocket package is exported for Jetty's sake only), the Redis store's implementation, the work queue, push, TLS and metrics stay internal.
 */
// Lettuce, Micrometer, MVStore, Spring Security and the two jars below are automatic modules (no
// module-info of their own); requiring them is the only way to use them from a named module.
@SuppressWarnings("requires-automatic")
module dev.baton.relay {
    requires transitive dev.baton.protocol;
    requires java.net.http;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.websocket.api;
    requires org.eclipse.jetty.websocket.common;
    requires org.eclipse.jetty.websocket.core.common;
    requires org.eclipse.jetty.websocket.server;
    requires org.slf4j;
    requires com.h2database.mvstore;
    requires lettuce.core;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires com.nimbusds.jose.jwt;
    requires spring.security.crypto;
    // These two jars name no module; the names are the ones Java derives from their file names.
    requires oauth2.oidc.sdk;
    requires webpush;

    exports dev.baton.relay;
    exports dev.baton.relay.auth;
    exports dev.baton.relay.oidc;
    exports dev.baton.relay.store;
    // Not API: Jetty binds the stream endpoints' callbacks (onWebSocketOpen, onWebSocketFrame, …) through
    // MethodHandles.publicLookup(), which reaches only public classes of unconditionally exported packages.
    exports dev.baton.relay.ws;

    // Jackson writes and reads by reflection the stored records, the push payloads and the few HTTP
    // bodies the relay defines for itself (the probes' answer).
    opens dev.baton.relay.http to
            com.fasterxml.jackson.databind;
    opens dev.baton.relay.store to
            com.fasterxml.jackson.databind;
    opens dev.baton.relay.store.redis to
            com.fasterxml.jackson.databind;
    opens dev.baton.relay.push to
            com.fasterxml.jackson.databind;
}
