package dev.baton.relay.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a method and a path template such as {@code /v1/sessions/{id}/tickets} to an endpoint. */
final class Router {
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    @FunctionalInterface
    interface Endpoint {
        void handle(HttpExchange exchange) throws Exception;
    }

    private record Route(String method, Pattern pattern, List<String> names, Endpoint endpoint) {}

    /** What a request resolved to: an endpoint with its path variables, or the methods the path allows. */
    record Match(Endpoint endpoint, Map<String, String> variables, Set<String> allowed) {}

    private final List<Route> routes = new ArrayList<>();

    Router route(String method, String template, Endpoint endpoint) {
        List<String> names = new ArrayList<>();
        Matcher variables = VARIABLE.matcher(template);
        StringBuilder regex = new StringBuilder();
        int end = 0;
        while (variables.find()) {
            regex.append(Pattern.quote(template.substring(end, variables.start())))
                    .append("([^/]+)");
            names.add(variables.group(1));
            end = variables.end();
        }
        regex.append(Pattern.quote(template.substring(end)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, endpoint));
        return this;
    }

    /** Null when no route has this path. */
    Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            // HEAD is GET without the body (RFC 9110); Jetty drops the body of a HEAD answer itself.
            if (route.method().equals(method)
                    || (method.equals("HEAD") && route.method().equals("GET"))) {
                Map<String, String> variables = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    variables.put(route.names().get(i), matcher.group(i + 1));
                }
                return new Match(route.endpoint(), variables, Set.of());
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? null : new Match(null, Map.of(), allowed);
    }
}
