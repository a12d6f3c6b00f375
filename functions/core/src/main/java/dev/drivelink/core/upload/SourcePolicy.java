package dev.drivelink.core.upload;

import dev.drivelink.core.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Which sources an upload may read. URLs follow {@link SourceUrls} whoever sends them. Pipelines on the upload queue are trusted by IAM (whoever may send
 * there may name any object in an allowed bucket); a signed-in user of {@code POST /drive/uploads} may
 * name only objects under their own prefix, rendered from a template such as {@code users/{sub}/}, and
 * without such a template no S3 object at all. The worker checks a job again against the user stored
 * on it before it reads a byte, so a job that slipped past (or was written by hand) is refused there too.
 */
public final class SourcePolicy {

    /** Where a job came from, which decides what it may read. */
    public enum Origin {
        /** {@code POST /drive/uploads}: a signed-in user; S3 only under the user's prefix. */
        API,
        /** The upload queue: the host app's pipelines, trusted by IAM. */
        QUEUE
    }

    public static final String SUB = "{sub}";
    static final int MAX_KEY_BYTES = 1024;

    private final Set<String> buckets;
    private final Optional<String> userPrefixTemplate;
    private final boolean allowInsecureUrls;

    /**
     * @param buckets            S3 buckets uploads may read at all
     * @param userPrefixTemplate the prefix a user's keys must start with, with {@value #SUB} for the user
     * @param allowInsecureUrls  local development only: http, any port, private addresses ({@link SourceUrls})
     */
    public SourcePolicy(Set<String> buckets, Optional<String> userPrefixTemplate, boolean allowInsecureUrls) {
        this.buckets = Set.copyOf(buckets);
        this.allowInsecureUrls = allowInsecureUrls;
        this.userPrefixTemplate = userPrefixTemplate.map(String::strip).filter(s -> !s.isEmpty());
        this.userPrefixTemplate.ifPresent(t -> {
            if (!t.contains(SUB) || !t.endsWith("/") || t.startsWith("/")) {
                throw new IllegalArgumentException("the upload user prefix must contain " + SUB
                        + ", end with / and not start with / (for example users/{sub}/): " + t);
            }
        });
    }

    /** What a signed-in user may ask for; a 400 {@code source-not-allowed} otherwise. */
    public void requireAllowed(Origin origin, String userId, UploadSource source) {
        whyRefused(origin, userId, source).ifPresent(why -> {
            throw DomainException.invalid("source-not-allowed", why);
        });
    }

    /** Why a job from {@code origin}, for {@code userId}, may not read {@code source}; empty when it may. */
    public Optional<String> whyRefused(Origin origin, String userId, UploadSource source) {
        if (source instanceof UploadSource.Url url) {
            return SourceUrls.whyRefused(url.url(), allowInsecureUrls);
        }
        UploadSource.S3 s3 = (UploadSource.S3) source;
        if (!buckets.contains(s3.bucket())) {
            return Optional.of("bucket " + s3.bucket() + " is not an allowed upload source");
        }
        if (origin == Origin.QUEUE) {
            return Optional.empty();
        }
        if (userPrefixTemplate.isEmpty()) {
            return Optional.of("this API does not read S3 objects for users (no upload user prefix is configured); "
                    + "send a URL, or let the host app's pipeline put the request on the upload queue");
        }
        Optional<String> prefix = prefixOf(userId);
        if (prefix.isEmpty()) {
            return Optional.of("S3 sources are not available to this user");
        }
        String key = s3.key();
        if (!key.startsWith(prefix.get()) || key.length() == prefix.get().length()) {
            return Optional.of("source.s3.key must be an object under " + prefix.get());
        }
        return whyKeyIsNotPlain(key).map(why -> "source.s3.key " + why);
    }

    /** The user's prefix, if the user id can be put into the template without changing its shape. */
    Optional<String> prefixOf(String userId) {
        if (userId == null || userId.isEmpty() || userId.contains("/") || userId.equals(".") || userId.equals("..")
                || userId.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return userPrefixTemplate.map(t -> t.replace(SUB, userId));
    }

    /**
     * A key that means what it says: no empty, "." or ".." segments, no backslash or control characters,
     * so no tool along the way could read it as another path.
     */
    static Optional<String> whyKeyIsNotPlain(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of("is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\')) {
            return Optional.of("may not contain control characters or backslashes");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("may not contain empty, \".\" or \"..\" segments");
            }
        }
        return Optional.empty();
    }
}
