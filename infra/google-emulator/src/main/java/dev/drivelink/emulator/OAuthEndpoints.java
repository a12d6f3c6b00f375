package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.AccessToken;
import dev.drivelink.emulator.Model.AuthorizationCode;
import dev.drivelink.emulator.Model.Grant;
import dev.drivelink.emulator.Model.PendingAuthorization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Google's OAuth 2.0 web server flow: authorization endpoint + consent page, token endpoint, revocation. */
final class OAuthEndpoints {
    private static final Pattern PKCE_CHARS = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Set<String> PROMPTS = Set.of("none", "consent", "select_account");

    private final EmulatorState state;
    private final IdTokens idTokens;

    OAuthEndpoints(EmulatorState state, IdTokens idTokens) {
        this.state = state;
        this.idTokens = idTokens;
    }

    void register(Router router) {
        router.route("GET", "/o/oauth2/v2/auth", this::authorize)
                .route("POST", "/o/oauth2/v2/auth", this::authorize)
                .route("POST", "/o/oauth2/v2/auth/decision", this::decide)
                .route("POST", "/token", this::token)
                .route("POST", "/revoke", this::revoke)
                .route("GET", "/revoke", this::revoke);
    }

    // ---- authorization endpoint -----------------------------------------------------------------------

    /** The client a page (consent, picker) is shown for: 400 when not named, 401 invalid_client when unknown. */
    static OAuthClient pageClient(EmulatorState state, String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new HtmlErrorException(400, "invalid_request", "Missing required parameter: client_id");
        }
        OAuthClient client = state.clients.get(clientId);
        if (client == null) {
            throw new HtmlErrorException(401, "invalid_client", "The OAuth client was not found.");
        }
        return client;
    }

    private Response authorize(Request request) throws IOException {
        Map<String, List<String>> raw = request.method.equals("POST") ? merge(request.query, request.form()) : request.query;
        Map<String, String> p = new HashMap<>();
        raw.forEach((k, v) -> p.put(k, v.isEmpty() ? null : v.get(0)));

        OAuthClient client = pageClient(state, p.get("client_id"));
        String redirectUri = p.get("redirect_uri");
        if (redirectUri == null || redirectUri.isBlank()) {
            throw new HtmlErrorException(400, "invalid_request", "Missing required parameter: redirect_uri");
        }
        if (!client.redirectUris().contains(redirectUri)) {
            throw new HtmlErrorException(400, "redirect_uri_mismatch",
                    "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "
                            + "The redirect URI in the request, " + redirectUri
                            + ", does not match the ones authorized for the OAuth client.");
        }
        String stateParam = p.get("state");
        String responseType = p.get("response_type");
        if (responseType == null || responseType.isBlank()) {
            return redirectError(redirectUri, "invalid_request", "Missing required parameter: response_type", stateParam);
        }
        if (!responseType.equals("code")) {
            return redirectError(redirectUri, "unsupported_response_type", "Invalid response_type: " + responseType, stateParam);
        }
        Set<String> scopes = Scopes.parse(p.get("scope"));
        if (scopes.isEmpty()) {
            return redirectError(redirectUri, "invalid_request", "Missing required parameter: scope", stateParam);
        }
        for (String scope : scopes) {
            if (!Scopes.known(scope)) {
                return redirectError(redirectUri, "invalid_scope", "Some requested scopes were invalid: " + scope, stateParam);
            }
        }
        String accessType = p.getOrDefault("access_type", "online");
        if (accessType == null || !(accessType.equals("online") || accessType.equals("offline"))) {
            return redirectError(redirectUri, "invalid_request", "Invalid access_type: " + accessType, stateParam);
        }
        Set<String> prompt = new LinkedHashSet<>();
        if (p.get("prompt") != null) {
            for (String v : p.get("prompt").trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    prompt.add(v);
                }
            }
        }
        if (!PROMPTS.containsAll(prompt) || (prompt.contains("none") && prompt.size() > 1)) {
            return redirectError(redirectUri, "invalid_request", "Invalid prompt: " + p.get("prompt"), stateParam);
        }
        String challenge = p.get("code_challenge");
        String method = p.get("code_challenge_method");
        if (challenge == null && method != null) {
            return redirectError(redirectUri, "invalid_request", "Missing code_challenge.", stateParam);
        }
        if (challenge != null) {
            if (method == null) {
                method = "plain";
            }
            if (!method.equals("S256") && !method.equals("plain")) {
                return redirectError(redirectUri, "invalid_request", "Invalid code_challenge_method: " + method, stateParam);
            }
            if (!PKCE_CHARS.matcher(challenge).matches() || (method.equals("S256") && challenge.length() != 43)) {
                return redirectError(redirectUri, "invalid_request", "Invalid code_challenge.", stateParam);
            }
        }

        PendingAuthorization pa = new PendingAuthorization();
        pa.id = Ids.opaque(40);
        pa.clientId = client.clientId();
        pa.redirectUri = redirectUri;
        pa.scopes = scopes;
        pa.state = stateParam;
        pa.offline = accessType.equals("offline");
        pa.prompt = prompt;
        pa.codeChallenge = challenge;
        pa.codeChallengeMethod = challenge == null ? null : method;
        pa.nonce = p.get("nonce");
        pa.loginHint = p.get("login_hint");
        pa.createdAt = state.now();

        if (prompt.contains("none")) {
            return silentAuthorization(pa);
        }
        synchronized (state) {
            purgeExpiredPending();
            state.pending.put(pa.id, pa);
        }
        Account preselected = state.account(pa.loginHint);
        return Response.html(200, ConsentPage.render(pa, state.accounts, preselected))
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                .header("X-Frame-Options", "DENY");
    }

    /** prompt=none: answer without a page, which works only for an account that consented before. */
    private Response silentAuthorization(PendingAuthorization pa) {
        Account account = state.account(pa.loginHint);
        if (account == null) {
            return redirectError(pa.redirectUri, "interaction_required",
                    "prompt=none needs login_hint naming a signed-in account", pa.state);
        }
        synchronized (state) {
            Set<String> consented = state.consents.get(EmulatorState.consentKey(pa.clientId, account.email()));
            if (consented == null || !consented.containsAll(pa.scopes)) {
                return redirectError(pa.redirectUri, "consent_required", "The user has not granted these scopes", pa.state);
            }
            AuthorizationCode code = newCode(pa, account, false);
            return redirectWithCode(pa, code, "none");
        }
    }

    private Response decide(Request request) throws IOException {
        Map<String, List<String>> form = request.form();
        String requestId = Request.first(form, "request_id");
        String decision = Request.first(form, "decision");
        String email = Request.first(form, "account");
        PendingAuthorization pa;
        synchronized (state) {
            pa = requestId == null ? null : state.pending.remove(requestId);
        }
        if (pa == null || pa.createdAt.plus(EmulatorState.PENDING_LIFETIME).isBefore(state.now())) {
            throw new HtmlErrorException(400, "invalid_request",
                    "This authorization request has expired or was already answered. Start again from the app.");
        }
        if (!"allow".equals(decision)) {
            return redirectError(pa.redirectUri, "access_denied", null, pa.state);
        }
        Account account = state.account(email);
        if (account == null) {
            synchronized (state) {
                state.pending.put(pa.id, pa); // let the user pick an account and try again
            }
            return Response.html(400, ConsentPage.render(pa, state.accounts, null,
                    "Choose an account to continue."));
        }
        synchronized (state) {
            String key = EmulatorState.consentKey(pa.clientId, account.email());
            boolean firstConsent = !state.consents.containsKey(key);
            boolean issueRefresh = pa.offline && (firstConsent || pa.prompt.contains("consent"));
            state.consents.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(pa.scopes);
            AuthorizationCode code = newCode(pa, account, issueRefresh);
            return redirectWithCode(pa, code, "consent");
        }
    }

    private AuthorizationCode newCode(PendingAuthorization pa, Account account, boolean issueRefresh) {
        AuthorizationCode code = new AuthorizationCode();
        code.code = Ids.authorizationCode();
        code.clientId = pa.clientId;
        code.redirectUri = pa.redirectUri;
        code.email = account.email();
        code.scopes = new LinkedHashSet<>(pa.scopes);
        code.codeChallenge = pa.codeChallenge;
        code.codeChallengeMethod = pa.codeChallengeMethod;
        code.nonce = pa.nonce;
        code.issueRefreshToken = issueRefresh;
        code.issuedAt = state.now();
        state.codes.put(code.code, code);
        return code;
    }

    private static Response redirectWithCode(PendingAuthorization pa, AuthorizationCode code, String prompt) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", pa.state);
        params.put("code", code.code);
        params.put("scope", Scopes.join(code.scopes));
        params.put("authuser", "0");
        params.put("prompt", prompt);
        return Response.redirect(Response.withQuery(pa.redirectUri, params));
    }

    private static Response redirectError(String redirectUri, String error, String description, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        return Response.redirect(Response.withQuery(redirectUri, params));
    }

    private void purgeExpiredPending() {
        Instant cutoff = state.now().minus(EmulatorState.PENDING_LIFETIME);
        state.pending.values().removeIf(p -> p.createdAt.isBefore(cutoff));
    }

    // ---- token endpoint -------------------------------------------------------------------------------

    private Response token(Request request) throws IOException {
        Map<String, List<String>> form = request.form();
        OAuthClient client = authenticateClient(request, form);
        String grantType = Request.first(form, "grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw new OAuthException(400, "unsupported_grant_type", "Invalid grant_type: ");
        }
        ObjectNode body = switch (grantType) {
            case "authorization_code" -> exchangeCode(client, form);
            case "refresh_token" -> refresh(client, form);
            default -> throw new OAuthException(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        };
        return Response.json(200, body)
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                .header("Pragma", "no-cache");
    }

    private OAuthClient authenticateClient(Request request, Map<String, List<String>> form) {
        String formId = Request.first(form, "client_id");
        String formSecret = Request.first(form, "client_secret");
        String clientId = formId;
        String secret = formSecret;
        var basic = request.basicCredentials();
        if (basic.isPresent()) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("Client authentication must use only one method.");
            }
            if (formId != null && !formId.equals(basic.get()[0])) {
                throw OAuthException.invalidRequest("client_id does not match the Authorization header.");
            }
            clientId = basic.get()[0];
            secret = basic.get()[1];
        }
        if (clientId == null || clientId.isBlank()) {
            throw OAuthException.invalidRequest("Could not determine client ID from request.");
        }
        OAuthClient client = state.clients.get(clientId);
        if (client == null) {
            throw OAuthException.invalidClient("The OAuth client was not found.");
        }
        if (secret == null) {
            throw OAuthException.invalidRequest("client_secret is missing.");
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                client.clientSecret().getBytes(StandardCharsets.UTF_8))) {
            throw OAuthException.invalidClient("Unauthorized");
        }
        return client;
    }

    private ObjectNode exchangeCode(OAuthClient client, Map<String, List<String>> form) {
        String codeValue = Request.first(form, "code");
        if (codeValue == null || codeValue.isBlank()) {
            throw OAuthException.invalidRequest("Missing required parameter: code");
        }
        String redirectUri = Request.first(form, "redirect_uri");
        String verifier = Request.first(form, "code_verifier");
        synchronized (state) {
            AuthorizationCode code = state.codes.get(codeValue);
            if (code == null) {
                throw OAuthException.invalidGrant("Malformed auth code.");
            }
            if (!code.clientId.equals(client.clientId())) {
                throw OAuthException.invalidGrant("The authorization code was issued to another client.");
            }
            if (code.used) {
                Grant issued = code.grantId == null ? null : state.grants.get(code.grantId);
                if (issued != null) {
                    state.revokeGrant(issued, "authorization code replayed");
                }
                throw OAuthException.invalidGrant("Bad Request: the authorization code has already been used.");
            }
            if (!code.issuedAt.plus(EmulatorState.CODE_LIFETIME).isAfter(state.now())) {
                throw OAuthException.invalidGrant("Bad Request: the authorization code has expired.");
            }
            if (redirectUri == null || redirectUri.isBlank()) {
                throw OAuthException.invalidRequest("Missing parameter: redirect_uri");
            }
            if (!redirectUri.equals(code.redirectUri)) {
                throw new OAuthException(400, "redirect_uri_mismatch", "Bad Request");
            }
            if (code.codeChallenge != null) {
                if (verifier == null || verifier.isBlank()) {
                    throw OAuthException.invalidGrant("Missing code verifier.");
                }
                if (!pkceMatches(code.codeChallenge, code.codeChallengeMethod, verifier)) {
                    throw OAuthException.invalidGrant("Invalid code verifier.");
                }
            }
            code.used = true;

            Grant grant = new Grant();
            grant.id = Ids.opaque(24);
            grant.clientId = client.clientId();
            grant.email = code.email;
            grant.scopes = new LinkedHashSet<>(code.scopes);
            grant.nonce = code.nonce;
            grant.issuedAt = state.now();
            grant.lastUsedAt = grant.issuedAt;
            if (code.issueRefreshToken) {
                grant.refreshToken = Ids.refreshToken();
                state.refreshTokens.put(grant.refreshToken, grant.id);
            }
            state.grants.put(grant.id, grant);
            if (grant.refreshToken != null) {
                state.limitRefreshTokens(grant.clientId, grant.email);
            }
            code.grantId = grant.id;
            AccessToken access = state.issueAccessToken(grant, grant.scopes);
            return tokenResponse(access, grant, grant.refreshToken, true);
        }
    }

    private ObjectNode refresh(OAuthClient client, Map<String, List<String>> form) {
        String refreshToken = Request.first(form, "refresh_token");
        if (refreshToken == null || refreshToken.isBlank()) {
            throw OAuthException.invalidRequest("Missing required parameter: refresh_token");
        }
        synchronized (state) {
            String grantId = state.refreshTokens.get(refreshToken);
            Grant grant = grantId == null ? null : state.grants.get(grantId);
            if (grant == null || grant.revoked) {
                throw OAuthException.invalidGrant("Token has been expired or revoked.");
            }
            if (!grant.clientId.equals(client.clientId())) {
                throw new OAuthException(401, "unauthorized_client", "Unauthorized");
            }
            String expired = state.refreshTokenExpiry(grant);
            if (expired != null) {
                state.revokeGrant(grant, expired);
                throw OAuthException.invalidGrant("Token has been expired or revoked.");
            }
            Set<String> scopes = grant.scopes;
            String scopeParam = Request.first(form, "scope");
            if (scopeParam != null && !scopeParam.isBlank()) {
                Set<String> requested = Scopes.parse(scopeParam);
                if (!grant.scopes.containsAll(requested)) {
                    throw new OAuthException(400, "invalid_scope",
                            "Some requested scopes were invalid. {invalid=" + difference(requested, grant.scopes) + "}");
                }
                scopes = requested;
            }
            grant.refreshes++;
            grant.lastUsedAt = state.now();
            AccessToken access = state.issueAccessToken(grant, scopes);
            return tokenResponse(access, grant, null, false);
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private ObjectNode tokenResponse(AccessToken access, Grant grant, String refreshToken, boolean fromCode) {
        ObjectNode body = Json.object();
        body.put("access_token", access.token);
        long seconds = Duration.between(access.issuedAt, access.expiresAt).getSeconds(); // 3599 for an hour, as Google
        body.put("expires_in", Math.max(0, seconds - 1));
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("scope", Scopes.join(access.scopes));
        body.put("token_type", "Bearer");
        if (access.scopes.contains(Scopes.OPENID) && idTokens != null) {
            Account account = state.account(grant.email);
            body.put("id_token", idTokens.issue(grant.clientId, account, access.scopes,
                    fromCode ? grant.nonce : null, access.token));
        }
        return body;
    }

    static boolean pkceMatches(String challenge, String method, String verifier) {
        if (!PKCE_CHARS.matcher(verifier).matches()) {
            return false;
        }
        String computed = "plain".equals(method) ? verifier
                : Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Ids.digest("SHA-256", verifier.getBytes(StandardCharsets.US_ASCII)));
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- revocation -----------------------------------------------------------------------------------

    private Response revoke(Request request) throws IOException {
        String token = request.param("token");
        if (token == null && request.method.equals("POST")) {
            token = Request.first(request.form(), "token");
        }
        if (token == null || token.isBlank()) {
            throw OAuthException.invalidRequest("Missing required parameter: token");
        }
        synchronized (state) {
            Grant grant = null;
            String grantId = state.refreshTokens.get(token);
            if (grantId != null) {
                grant = state.grants.get(grantId);
            } else {
                AccessToken access = state.accessTokens.get(token);
                if (access != null && !access.revoked && access.expiresAt.isAfter(state.now())) {
                    grant = state.grants.get(access.grantId);
                }
            }
            if (grant == null || grant.revoked) {
                throw new OAuthException(400, "invalid_token", "Token expired or revoked");
            }
            // As at Google, revoking any token removes the app's access: the grant, its tokens and the consent.
            state.revokeAccess(grant.clientId, grant.email, "revoke endpoint");
        }
        return Response.json(200, Json.object());
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }
}
