package dev.drivelink.emulator;

import dev.drivelink.emulator.Model.AccessToken;
import dev.drivelink.emulator.Model.AuthorizationCode;
import dev.drivelink.emulator.Model.Change;
import dev.drivelink.emulator.Model.DriveFile;
import dev.drivelink.emulator.Model.Grant;
import dev.drivelink.emulator.Model.PendingAuthorization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the emulator knows. One monitor (this object) guards all of it: every read-modify-write happens in a
 * {@code synchronized (state)} block, so concurrent clients never lose updates.
 */
final class EmulatorState {
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final Duration PENDING_LIFETIME = Duration.ofHours(1);
    /** Google: a refresh token that has not been used for six months stops working. */
    static final Duration REFRESH_TOKEN_IDLE_LIMIT = Duration.ofDays(183);
    /** Google: at most 100 live refresh tokens per client and account; the oldest goes first. */
    static final int MAX_REFRESH_TOKENS = 100;

    final EmulatorClock clock;
    volatile Duration accessTokenLifetime;
    /** Refresh token lifetime, as for a project in "Testing" (7 days); null: no limit (a published app). */
    volatile Duration refreshTokenLifetime;
    /** The emulator's own base URL (for session URIs and resource URIs), set when the server starts. */
    volatile String baseUrl = "http://127.0.0.1/";
    final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
    final List<Account> accounts;

    final Map<String, PendingAuthorization> pending = new LinkedHashMap<>();
    final Map<String, AuthorizationCode> codes = new LinkedHashMap<>();
    final Map<String, Grant> grants = new LinkedHashMap<>();
    final Map<String, String> refreshTokens = new LinkedHashMap<>(); // refresh token -> grant id
    final Map<String, AccessToken> accessTokens = new LinkedHashMap<>();
    /** client id + "\n" + email -> scopes the user consented to (cleared when access is revoked). */
    final Map<String, Set<String>> consents = new LinkedHashMap<>();

    final Map<String, DriveFile> files = new LinkedHashMap<>();
    /** Ids handed out by files.generateIds: id -> owner email. Kept after use so a reuse answers 409. */
    final Map<String, String> generatedIds = new LinkedHashMap<>();
    final Map<String, Model.UploadSession> uploads = new LinkedHashMap<>();
    /** Storage limit per account email (bytes); absent means Drive's free 15 GiB. */
    final Map<String, Long> quotas = new LinkedHashMap<>();
    static final long DEFAULT_QUOTA = 16_106_127_360L;
    final List<Change> changes = new ArrayList<>();
    long nextChangeId = 1;
    final Map<String, Model.Channel> channels = new LinkedHashMap<>();
    /** Told of every change, under the lock (must not block). */
    volatile java.util.function.Consumer<Change> changeListener;
    /** Told when anything worth keeping changed (the data directory's writer); must not block. */
    volatile Runnable dirtyListener;
    /** The RSA key ID tokens are signed with (kept in the data directory, so old ID tokens still verify). */
    private java.security.KeyPair signingKey;
    private String signingKeyId;

    EmulatorState(EmulatorClock clock, Duration accessTokenLifetime, List<Account> accounts) {
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
        this.accounts = List.copyOf(accounts);
        seedRoots();
    }

    /** Now, at millisecond precision as Drive reports times. */
    Instant now() {
        return clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    String baseUrlForLinks() {
        return baseUrl;
    }

    /** Something persistent changed. */
    void markDirty() {
        Runnable listener = dirtyListener;
        if (listener != null) {
            listener.run();
        }
    }

    synchronized java.security.KeyPair signingKey() {
        if (signingKey == null) {
            try {
                java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                signingKey = generator.generateKeyPair();
                signingKeyId = Ids.opaque(40).toLowerCase(java.util.Locale.ROOT);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            markDirty();
        }
        return signingKey;
    }

    synchronized String signingKeyId() {
        signingKey();
        return signingKeyId;
    }

    /** [key id, PKCS#8 private key, X.509 public key] in base64, or nulls before the first key exists. */
    synchronized String[] signingKeyEncoded() {
        if (signingKey == null) {
            return new String[3];
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return new String[] {signingKeyId, b64.encodeToString(signingKey.getPrivate().getEncoded()),
            b64.encodeToString(signingKey.getPublic().getEncoded())};
    }

    synchronized void restoreSigningKey(String keyId, String privateKey, String publicKey) {
        try {
            java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
            java.util.Base64.Decoder b64 = java.util.Base64.getDecoder();
            signingKey = new java.security.KeyPair(
                    rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(b64.decode(publicKey))),
                    rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(b64.decode(privateKey))));
            signingKeyId = keyId;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the saved ID token signing key is unreadable", e);
        }
    }

    Account account(String email) {
        if (email == null) {
            return null;
        }
        for (Account a : accounts) {
            if (a.email().equalsIgnoreCase(email.trim())) {
                return a;
            }
        }
        return null;
    }

    Account requireAccount(String email) {
        Account account = account(email);
        if (account == null) {
            throw new IllegalArgumentException("unknown account: " + email);
        }
        return account;
    }

    static String consentKey(String clientId, String email) {
        return clientId + "\n" + email;
    }

    synchronized void reset() {
        pending.clear();
        codes.clear();
        grants.clear();
        refreshTokens.clear();
        accessTokens.clear();
        consents.clear();
        files.clear();
        generatedIds.clear();
        uploads.clear();
        quotas.clear();
        changes.clear();
        channels.clear();
        nextChangeId = 1;
        clock.reset();
        seedRoots();
        markDirty();
    }

    private void seedRoots() {
        Instant created = Instant.parse("2020-01-01T00:00:00Z");
        for (Account account : accounts) {
            DriveFile root = new DriveFile();
            root.id = account.rootFolderId();
            root.name = "My Drive";
            root.mimeType = GoogleMime.FOLDER;
            root.owner = account.email();
            root.createdTime = created;
            root.modifiedTime = created;
            root.version = 1;
            root.root = true;
            files.put(root.id, root);
        }
    }

    // ---- OAuth grants -------------------------------------------------------------------------------------

    /** Revokes one grant and all its access tokens. */
    void revokeGrant(Grant grant, String because) {
        if (grant.revoked) {
            return;
        }
        grant.revoked = true;
        grant.revokedAt = now();
        grant.revokedBecause = because;
        for (AccessToken token : accessTokens.values()) {
            if (token.grantId.equals(grant.id)) {
                token.revoked = true;
            }
        }
        markDirty();
    }

    /** Removes an app's access to an account, as the user would at myaccount.google.com: every grant goes. */
    synchronized int revokeAccess(String clientId, String email, String because) {
        int revoked = 0;
        for (Grant grant : grants.values()) {
            if (grant.clientId.equals(clientId) && grant.email.equalsIgnoreCase(email) && !grant.revoked) {
                revokeGrant(grant, because);
                revoked++;
            }
        }
        consents.remove(consentKey(clientId, email));
        markDirty();
        return revoked;
    }

    /** Why the grant's refresh token no longer works (expired), or null; call under the lock. */
    String refreshTokenExpiry(Grant grant) {
        Instant now = now();
        Instant lastUsed = grant.lastUsedAt == null ? grant.issuedAt : grant.lastUsedAt;
        if (!lastUsed.plus(REFRESH_TOKEN_IDLE_LIMIT).isAfter(now)) {
            return "refresh token unused for six months";
        }
        Duration lifetime = refreshTokenLifetime;
        if (lifetime != null && !grant.issuedAt.plus(lifetime).isAfter(now)) {
            return "refresh token expired after " + lifetime;
        }
        return null;
    }

    /** Keeps at most MAX_REFRESH_TOKENS live refresh tokens per client and account: revokes the oldest beyond. */
    void limitRefreshTokens(String clientId, String email) {
        List<Grant> live = new ArrayList<>();
        for (Grant g : grants.values()) {
            if (g.clientId.equals(clientId) && g.email.equalsIgnoreCase(email) && !g.revoked && g.refreshToken != null) {
                live.add(g);
            }
        }
        for (int i = 0; i < live.size() - MAX_REFRESH_TOKENS; i++) {
            revokeGrant(live.get(i), "more than " + MAX_REFRESH_TOKENS + " refresh tokens for this client and account");
        }
    }

    AccessToken issueAccessToken(Grant grant, Set<String> scopes) {
        AccessToken token = new AccessToken();
        token.token = Ids.accessToken();
        token.grantId = grant.id;
        token.scopes = new LinkedHashSet<>(scopes);
        token.issuedAt = now();
        token.expiresAt = token.issuedAt.plus(accessTokenLifetime);
        accessTokens.put(token.token, token);
        grant.accessTokensIssued++;
        markDirty();
        return token;
    }

    synchronized List<GrantInfo> grantInfos(String clientId, String email) {
        List<GrantInfo> out = new ArrayList<>();
        Instant now = now();
        for (Grant g : grants.values()) {
            if ((clientId == null || g.clientId.equals(clientId)) && (email == null || g.email.equalsIgnoreCase(email))) {
                int active = 0;
                for (AccessToken t : accessTokens.values()) {
                    if (t.grantId.equals(g.id) && !t.revoked && t.expiresAt.isAfter(now)) {
                        active++;
                    }
                }
                out.add(new GrantInfo(g.id, g.clientId, g.email, List.copyOf(g.scopes), g.refreshToken != null,
                        g.issuedAt, g.revoked, g.revokedAt, g.revokedBecause, g.accessTokensIssued, active, g.refreshes));
            }
        }
        return out;
    }

    long quota(String email) {
        return quotas.getOrDefault(email, DEFAULT_QUOTA);
    }

    long usage(String email) {
        long sum = 0;
        for (DriveFile f : files.values()) {
            if (f.owner.equals(email) && f.content != null) {
                sum += f.content.length;
            }
        }
        return sum;
    }

    // ---- Drive changes ------------------------------------------------------------------------------------

    void recordChange(DriveFile file, boolean removed) {
        Change change = new Change();
        change.id = nextChangeId++;
        change.owner = file.owner;
        change.fileId = file.id;
        change.time = now();
        change.removed = removed;
        change.appIds = new LinkedHashSet<>(file.appIds);
        changes.add(change);
        java.util.function.Consumer<Change> listener = changeListener;
        if (listener != null) {
            listener.accept(change);
        }
        markDirty();
    }
}
