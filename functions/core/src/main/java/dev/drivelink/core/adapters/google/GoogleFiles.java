package dev.drivelink.core.adapters.google;

import com.google.api.client.http.HttpResponse;
import com.google.api.client.util.DateTime;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveFiles;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** Drive's files resource through google-api-services-drive. */
final class GoogleFiles implements DriveFiles {

    static final String FILE_FIELDS = "id,name,mimeType,parents,size,md5Checksum,version,modifiedTime,trashed,webViewLink";

    private final Drive drive;

    GoogleFiles(Drive drive) {
        this.drive = drive;
    }

    @Override
    public DriveFile get(String fileId) {
        try {
            return driveFile(drive.files().get(fileId).setFields(FILE_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.get", e);
        }
    }

    @Override
    public Page list(String query, String pageToken, int pageSize) {
        try {
            var answer = drive.files().list().setQ(query).setPageToken(pageToken).setPageSize(pageSize)
                    .setFields("nextPageToken,files(" + FILE_FIELDS + ")").execute();
            List<DriveFile> files = answer.getFiles() == null ? List.of()
                    : answer.getFiles().stream().map(GoogleFiles::driveFile).toList();
            return new Page(files, answer.getNextPageToken());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.list", e);
        }
    }

    @Override
    public DriveFile createFolder(String name, String parentId) {
        var metadata = new File().setName(name).setMimeType(DriveFile.FOLDER_MIME_TYPE);
        if (parentId != null) {
            metadata.setParents(List.of(parentId));
        }
        try {
            return driveFile(drive.files().create(metadata).setFields(FILE_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.create", e);
        }
    }

    @Override
    public DriveFile update(String fileId, Changes changes) {
        var metadata = new File();
        if (changes.name() != null) {
            metadata.setName(changes.name());
        }
        try {
            var update = drive.files().update(fileId, metadata).setFields(FILE_FIELDS);
            if (!changes.addParents().isEmpty()) {
                update.setAddParents(String.join(",", changes.addParents()));
            }
            if (!changes.removeParents().isEmpty()) {
                update.setRemoveParents(String.join(",", changes.removeParents()));
            }
            return driveFile(update.execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.update", e);
        }
    }

    @Override
    public DriveFile trash(String fileId) {
        try {
            return driveFile(drive.files().update(fileId, new File().setTrashed(true)).setFields(FILE_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.update (trash)", e);
        }
    }

    @Override
    public InputStream download(String fileId, long offset) {
        try {
            // files.get?alt=media on the API path (the client's executeMedia would use the download/ path)
            com.google.api.client.http.GenericUrl url = drive.files().get(fileId).buildHttpRequestUrl();
            url.set("alt", "media");
            var request = drive.getRequestFactory().buildGetRequest(url);
            if (offset > 0) {
                request.getHeaders().setRange("bytes=" + offset + "-");
            }
            HttpResponse response = request.execute();
            return response.getContent();
        } catch (IOException e) {
            throw GoogleErrors.classify("files.get (media)", e);
        }
    }

    @Override
    public List<String> generateIds(int count) {
        try {
            return drive.files().generateIds().setCount(count).setSpace("drive").setType("files").execute().getIds();
        } catch (IOException e) {
            throw GoogleErrors.classify("files.generateIds", e);
        }
    }

    static DriveFile driveFile(File f) {
        if (f == null || f.getId() == null) {
            throw new DriveException(DriveException.Kind.REJECTED, 200, null, "Drive answered without a file", null);
        }
        return new DriveFile(f.getId(), f.getName(), f.getMimeType(), f.getParents(), f.getSize(), f.getMd5Checksum(),
                f.getVersion(), instant(f.getModifiedTime()), Boolean.TRUE.equals(f.getTrashed()), f.getWebViewLink());
    }

    static Instant instant(DateTime time) {
        return time == null ? null : Instant.ofEpochMilli(time.getValue());
    }
}
