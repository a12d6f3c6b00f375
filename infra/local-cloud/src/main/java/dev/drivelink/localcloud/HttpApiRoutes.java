package dev.drivelink.localcloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table of HTTP APIs, as API Gateway matches it: {@code METHOD /path} with {@code {param}}
 * segments and a greedy {@code {proxy+}} last segment, {@code ANY} methods and the {@code $default}
 * route; the most specific match wins (literal over parameter over greedy, a method over ANY).
 */
final class HttpApiRoutes {

    record Match(CloudTemplate.Route route, Map<String, String> pathParameters) {
    }

    private record Compiled(CloudTemplate.Route route, String method, List<String> segments, boolean greedy,
            boolean isDefault, int literals) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    HttpApiRoutes(List<CloudTemplate.Route> routes) {
        for (CloudTemplate.Route route : routes) {
            CloudTemplate.HttpApiEvent event = route.event();
            if (event.path() == null || event.path().equals("$default")) {
                this.routes.add(new Compiled(route, "ANY", List.of(), false, true, 0));
                continue;
            }
            List<String> segments = split(event.path());
            boolean greedy = !segments.isEmpty() && segments.get(segments.size() - 1).endsWith("+}");
            int literals = (int) segments.stream().filter(s -> !s.startsWith("{")).count();
            this.routes.add(new Compiled(route, event.method(), segments, greedy, false, literals));
        }
        this.routes.sort(Comparator.comparing((Compiled c) -> c.isDefault)
                .thenComparing(c -> c.greedy)
                .thenComparing(c -> -c.literals)
                .thenComparing(c -> -c.segments.size())
                .thenComparing(c -> c.method.equals("ANY")));
    }

    List<CloudTemplate.Route> all() {
        return routes.stream().map(Compiled::route).toList();
    }

    Optional<Match> match(String method, String rawPath) {
        List<String> path = split(rawPath);
        for (Compiled route : routes) {
            if (!route.method.equals("ANY") && !route.method.equals(method)) {
                continue;
            }
            if (route.isDefault) {
                return Optional.of(new Match(route.route, Map.of()));
            }
            Map<String, String> parameters = matchPath(route, path);
            if (parameters != null) {
                return Optional.of(new Match(route.route, parameters));
            }
        }
        return Optional.empty();
    }

    /** Whether some route (any method) has this path: decides which API's CORS applies. */
    Optional<CloudTemplate.Route> anyMethod(String rawPath) {
        List<String> path = split(rawPath);
        for (Compiled route : routes) {
            if (!route.isDefault && matchPath(route, path) != null) {
                return Optional.of(route.route);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> matchPath(Compiled route, List<String> path) {
        List<String> template = route.segments;
        if (route.greedy ? path.size() < template.size() : path.size() != template.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (route.greedy && i == template.size() - 1) {
                String name = expected.substring(1, expected.length() - 2);
                String rest = String.join("/", path.subList(i, path.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                parameters.put(name, decode(rest));
            } else if (expected.startsWith("{") && expected.endsWith("}")) {
                if (path.get(i).isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), decode(path.get(i)));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return parameters;
    }

    private static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return List.of(trimmed.split("/", -1));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
