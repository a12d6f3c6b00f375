package dev.drivelink.core.drive.google;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFolders;
import dev.drivelink.core.drive.DriveItem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Drive API v3 through google-api-services-drive, against a configurable root URL. */
public final class GoogleDriveFolders implements DriveFolders {

    static final String ITEM_FIELDS = "id,name,mimeType,trashed,webViewLink";

    private final HttpTransport transport;
    private final String rootUrl;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public GoogleDriveFolders(HttpTransport transport, String rootUrl, Duration connectTimeout, Duration readTimeout) {
        this.transport = transport;
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    Drive drive(String accessToken) {
        var credentials = new HttpCredentialsAdapter(GoogleCredentials.create(new AccessToken(accessToken, null)));
        HttpRequestInitializer initializer = request -> {
            credentials.initialize(request);
            request.setConnectTimeout((int) connectTimeout.toMillis());
            request.setReadTimeout((int) readTimeout.toMillis());
        };
        return new Drive.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(rootUrl)
                .setServicePath("drive/v3/")
                .setApplicationName("drivelink")
                .build();
    }

    @Override
    public GoogleAccount about(String accessToken) {
        try {
            var user = drive(accessToken).about().get()
                    .setFields("user(displayName,emailAddress,permissionId)")
                    .execute().getUser();
            return new GoogleAccount(user.getPermissionId(), user.getEmailAddress(), user.getDisplayName());
        } catch (IOException e) {
            throw GoogleErrors.classify("about.get", e);
        }
    }

    @Override
    public DriveItem get(String accessToken, String fileId) {
        try {
            return item(drive(accessToken).files().get(fileId).setFields(ITEM_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.get", e);
        }
    }

    @Override
    public DriveItem createFolder(String accessToken, String name, String parentId) {
        var metadata = new File().setName(name).setMimeType(DriveItem.FOLDER_MIME_TYPE);
        if (parentId != null) {
            metadata.setParents(List.of(parentId));
        }
        try {
            return item(drive(accessToken).files().create(metadata).setFields(ITEM_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.create", e);
        }
    }

    private static DriveItem item(File file) {
        if (file == null || file.getId() == null) {
            throw new DriveException(DriveException.Kind.REJECTED, 200, null, "Drive answered without a file", null);
        }
        return new DriveItem(file.getId(), file.getName(), file.getMimeType(),
                Boolean.TRUE.equals(file.getTrashed()), file.getWebViewLink());
    }
}
