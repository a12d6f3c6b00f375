package dev.drivelink.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything drivelink reads from its environment. In Lambda these arrive as environment variables
 * declared in template.yaml (DRIVELINK_GOOGLE_CLIENT_ID for drivelink.google.client-id, and so on).
 */
@ConfigMapping(prefix = "drivelink")
public interface DriveLinkConfig {

    /** Name of the DynamoDB table (template.yaml: DriveLinkTable). */
    String table();

    /** KMS key id or ARN that seals OAuth tokens. */
    String tokenKeyId();

    Google google();

    OAuth oauth();

    Frontend frontend();

    /** EventBridge bus for connection status events; none: events are not published. */
    Optional<String> eventBus();

    /** CloudWatch namespace of drivelink's own metrics (embedded metric format); none: no metrics. */
    Optional<String> metricsNamespace();

    Tokens tokens();

    /**
     * What the function builds during its init rather than on its first request (DRIVELINK_PREPARE, set
     * per function in template.yaml, e.g. {@code consent-start}; see dev.drivelink.core.wiring.Preparation).
     */
    Optional<List<String>> prepare();

    Uploads uploads();

    Drive drive();

    Sync sync();
    Changes changes();

    AppFiles appFiles();

    /** The host app's file store, the sync's app side: {@code {prefix}{projectId}/{relative path}} in a versioned bucket. */
    interface AppFiles {
        /** DRIVELINK_APP_FILES_BUCKET; none: the sync engine cannot run (it says so when asked to). */
        Optional<String> bucket();

        /** DRIVELINK_APP_FILES_PREFIX */
        @WithDefault("projects/")
        String prefix();
    }

    /** Name of the folder created in a user's Drive when they did not pick one. */
    @WithDefault("drivelink")
    String rootFolderName();

    interface Google {
        String clientId();

        /** The plain client secret (local tools, tests); functions get {@link #clientSecretArn()} instead. */
        Optional<String> clientSecret();

        /** Secrets Manager secret holding the client secret; only functions that call Google's token endpoint. */
        Optional<String> clientSecretArn();

        @WithDefault("https://accounts.google.com/o/oauth2/v2/auth")
        String authUri();

        @WithDefault("https://oauth2.googleapis.com/token")
        String tokenUri();

        @WithDefault("https://oauth2.googleapis.com/revoke")
        String revokeUri();

        /** Root URL of the Drive API; Drive lives under drive/v3/, uploads under upload/drive/v3/. */
        @WithDefault("https://www.googleapis.com/")
        String driveRootUrl();

        @WithDefault("PT10S")
        Duration connectTimeout();

        @WithDefault("PT30S")
        Duration readTimeout();

        /**
         * Connect and read timeout of each call to Google's token and revoke endpoints; two of them must
         * fit well inside the refresh lease (drivelink.tokens.refresh-lease), so a slow token endpoint
         * never lets a second refresher in.
         */
        @WithDefault("PT4S")
        Duration tokenTimeout();
    }

    interface OAuth {
        /** The callback registered with Google. Empty: https://{API domain of the request}/drive/callback. */
        Optional<String> redirectUri();

        /** Space-separated scopes requested at consent. */
        @WithDefault("https://www.googleapis.com/auth/drive.file")
        String scopes();

        /** How long a consent (the state parameter) stays usable. */
        @WithDefault("PT10M")
        Duration stateTtl();

        default List<String> scopeList() {
            return List.of(scopes().trim().split("\\s+"));
        }
    }

    interface Tokens {
        /** The scheduled sweep refreshes access tokens that expire within this window. */
        @WithDefault("PT15M")
        Duration refreshWindow();

        /** How long one caller may hold the refresh lease before another may take over. */
        @WithDefault("PT15S")
        Duration refreshLease();

        /** How long a caller waits for another's refresh before answering refresh-in-progress. */
        @WithDefault("PT8S")
        Duration refreshWait();
    }

    interface Uploads {
        /** The upload queue (POST /drive/uploads and continuations send here). */
        Optional<String> queueUrl();

        /** Where unusable upload messages go, with their reason. */
        Optional<String> deadLetterQueueUrl();

        /** Files up to this size go up in one multipart request. */
        @WithDefault("5242880")
        long smallFileLimit();

        /** Resumable chunk size: a multiple of 256 KiB; memory use is about one chunk. */
        @WithDefault("8388608")
        int chunkSize();

        /** S3 buckets uploads may read from. */
        Optional<List<String>> sourceBuckets();

        /**
         * The S3 keys a signed-in user may name in POST /drive/uploads, as a template with {sub} for the
         * user (e.g. users/{sub}/). None: that route refuses S3 sources (queue producers are trusted by IAM).
         */
        Optional<String> userPrefix();

        /** Allow http:// and private-network URL sources (local development only). */
        @WithDefault("false")
        boolean allowInsecureUrlSources();

        /** A worker stops streaming and continues in a new invocation when less time than this remains. */
        @WithDefault("PT30S")
        Duration safetyMargin();

        /** How long one worker holds a job; longer than the worker's timeout. */
        @WithDefault("PT6M")
        Duration jobLease();

        /** How often a resumable upload records its progress (offset, MD5 state) between chunks. */
        @WithDefault("PT2S")
        Duration progressInterval();

        /** How long a finished (DONE or FAILED) upload job is kept before DynamoDB's TTL removes it. */
        @WithDefault("P30D")
        Duration finishedJobTtl();

        /** How many Drive ids one files.generateIds call reserves for a connection. */
        @WithDefault("50")
        int idPoolBatch();

        /**
         * The upload queue's maxReceiveCount (template.yaml RedrivePolicy): on that delivery a message that
         * still fails is given up on by the worker itself (job FAILED with the last reason, event, dead letter
         * with the reason) instead of being moved to the dead-letter queue silently.
         */
        @WithDefault("5")
        int maxReceiveCount();

        /** The largest source accepted, in bytes (default 5 TiB, Drive's limit for one file). */
        @WithDefault("5497558138880")
        long maxSourceBytes();
    }

    Api api();

    interface Api {
        /**
         * How long one HTTP request may spend on Google (Drive calls with their retries, each call's
         * timeouts cut to what is left): well inside the function timeout and API Gateway's 30 s.
         */
        @WithDefault("PT15S")
        Duration requestBudget();
    }

    interface Drive {
        /** The pace of one connection's Drive requests in one function instance: requests per second. */
        @WithDefault("10")
        double requestsPerSecond();

        /** ... and requests in flight at once. */
        @WithDefault("8")
        int maxInFlight();

        /** Retries of passing failures: the first wait (doubling, with jitter, up to the cap)... */
        @WithDefault("PT0.2S")
        Duration backoffBase();

        @WithDefault("PT20S")
        Duration backoffCap();

        /** ... and how many attempts in all before the failure is given up on. */
        @WithDefault("8")
        int maxAttempts();
    }

    interface Sync {
        /** The sync request queue (SQS FIFO; message group = connection id). */
        Optional<String> queueUrl();

        /** How long activity records are kept (DynamoDB TTL). */
        @WithDefault("P90D")
        Duration activityRetention();

        /** How long a revoked connection's settings, file mappings and conflicts are kept before the sweep removes them. */
        @WithDefault("P30D")
        Duration revokedGrace();

        /** The JWT scope of the host app's backend: only it may grant project membership. */
        @WithDefault("drivelink/admin")
        String adminScope();

        /** The sync queue's dead-letter queue (FIFO): unusable sync requests go there with their reason. */
        Optional<String> deadLetterQueueUrl();

        /** The app-changes queue's dead-letter queue: unusable S3 notifications go there with their reason. */
        Optional<String> appChangesDeadLetterQueueUrl();

        /** The sync queue's {@code maxReceiveCount}: on that delivery a still failing request is dead-lettered with its reason. */
        @WithDefault("5")
        int maxReceiveCount();
    }

    interface Changes {
        /** Where Google sends push notifications (the webhook's Function URL); none: no channels, the backstop polls. */
        Optional<String> webhookUrl();

        /** The FIFO changes queue (one message group per connection). */
        Optional<String> queueUrl();

        /** Where unusable sync messages go, with their reason. */
        Optional<String> deadLetterQueueUrl();

        /** How long a watch channel is asked to live (Drive grants at most a week for changes). */
        @WithDefault("P7D")
        Duration channelLifetime();

        /** Renewal replaces channels that expire within this window. */
        @WithDefault("PT24H")
        Duration renewBefore();

        /** changes.list page size (Drive's maximum is 1000). */
        @WithDefault("1000")
        int pageSize();

        /** A run hands on at most this many pages, then continues in a new run from where it stopped. */
        @WithDefault("20")
        int maxPagesPerRun();

        /** Notifications of one connection within one window of this length make one sync request. */
        @WithDefault("PT2S")
        Duration coalesceWindow();

        /** How long change log items are kept. */
        @WithDefault("P7D")
        Duration logTtl();

        /** The polling backstop syncs a realtime connection whose last run is older than this (Google promises no delivery). */
        @WithDefault("PT1H")
        Duration realtimeBackstop();
    }

    interface Frontend {
        /** Where the callback sends the user when the consent carried no redirectAfter. */
        String defaultUrl();

        /** Origins (scheme://host[:port]) that redirectAfter may point to. */
        List<String> allowedOrigins();
    }
}
