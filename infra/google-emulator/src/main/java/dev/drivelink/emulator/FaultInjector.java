package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.AccessToken;
import dev.drivelink.emulator.Model.Grant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs before every routed request: injected faults (by route and count) and per-user rate limits. */
final class FaultInjector implements Router.Interceptor {
    private final EmulatorState state;
    private final List<Fault> faults = new ArrayList<>(); // remaining counts live in the records (replaced on use)
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

    record RateLimit(int maxRequests, Duration window, Deque<Instant> recent) {
    }

    FaultInjector(EmulatorState state) {
        this.state = state;
    }

    synchronized void add(Fault fault) {
        if (fault.count() < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        faults.add(fault);
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    synchronized void clear() {
        faults.clear();
        rateLimits.clear();
    }

    synchronized void rateLimit(String email, int maxRequests, Duration window) {
        rateLimits.put(email, new RateLimit(maxRequests, window, new ArrayDeque<>()));
    }

    private String accountOf(Request request) {
        String token = request.bearerToken().orElse(null);
        if (token == null) {
            return null;
        }
        synchronized (state) {
            AccessToken access = state.accessTokens.get(token);
            Grant grant = access == null ? null : state.grants.get(access.grantId);
            return grant == null ? null : grant.email;
        }
    }

    @Override
    public Response intercept(String routeKey, Request request) {
        String account = accountOf(request);
        Fault fault = null;
        synchronized (this) {
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                if (f.matches(routeKey) && (f.account() == null || f.account().equalsIgnoreCase(account))) {
                    fault = f;
                    if (f.count() <= 1) {
                        faults.remove(i);
                    } else {
                        faults.set(i, new Fault(f.route(), f.account(), f.count() - 1, f.status(), f.reason(),
                                f.message(), f.delayMillis(), f.dropAfterBytes(), f.html()));
                    }
                    break;
                }
            }
            if (fault == null && account != null && (routeKey.contains(" /drive/") || routeKey.contains(" /upload/"))) {
                RateLimit limit = rateLimits.get(account);
                if (limit != null) {
                    Instant now = state.now();
                    while (!limit.recent().isEmpty() && !limit.recent().peekFirst().isAfter(now.minus(limit.window()))) {
                        limit.recent().pollFirst();
                    }
                    if (limit.recent().size() >= limit.maxRequests()) {
                        return new GoogleApiException(403, "usageLimits", "userRateLimitExceeded",
                                "User rate limit exceeded.", null, null).toResponse();
                    }
                    limit.recent().addLast(now);
                }
            }
        }
        if (fault == null) {
            return null;
        }
        if (fault.delayMillis() > 0) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.dropAfterBytes() != null) {
            if (request.method.equals("GET") || request.method.equals("DELETE") || request.method.equals("HEAD")) {
                throw new Router.DropConnection("fault: drop");
            }
            request.dropAfterBytes = fault.dropAfterBytes();
            return null; // the handler reads K bytes, then the connection drops
        }
        if (fault.status() == 0) {
            return null;
        }
        return errorResponse(routeKey, fault);
    }

    private static Response errorResponse(String routeKey, Fault fault) {
        int status = fault.status();
        String reason = fault.reason() != null ? fault.reason() : defaultReason(status);
        String message = fault.message() != null ? fault.message() : defaultMessage(status, reason);
        Response response;
        if (fault.html()) {
            response = Response.html(status, "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error " + status
                    + " (Too Many Requests)!!1</title><p><b>" + status + ".</b> <ins>That's an error.</ins>"
                    + "<p>We're sorry, but you have sent too many requests to us recently. Please try again later."
                    + " <ins>That's all we know.</ins></html>");
        } else if (routeKey.endsWith(" /token") || routeKey.endsWith(" /revoke")) {
            ObjectNode body = Json.object();
            body.put("error", reason);
            body.put("error_description", message);
            response = Response.json(status, body);
        } else {
            String domain = reason.equals("userRateLimitExceeded") || reason.equals("rateLimitExceeded") ? "usageLimits" : "global";
            response = Response.json(status, GoogleApiException.body(status, domain, reason, message, null, null));
        }
        if (status == 429 || status == 503) {
            response.header("Retry-After", "1");
        }
        return response;
    }

    private static String defaultReason(int status) {
        return switch (status) {
            case 429 -> "rateLimitExceeded";
            case 403 -> "userRateLimitExceeded";
            case 401 -> "authError";
            case 404 -> "notFound";
            case 400 -> "badRequest";
            default -> status >= 500 ? "backendError" : "unknown";
        };
    }

    private static String defaultMessage(int status, String reason) {
        return switch (reason) {
            case "rateLimitExceeded" -> "Rate Limit Exceeded";
            case "userRateLimitExceeded" -> "User Rate Limit Exceeded";
            case "backendError" -> "Backend Error";
            case "storageQuotaExceeded" -> "The user's Drive storage quota has been exceeded.";
            default -> "Injected fault " + status + " " + reason;
        };
    }
}
