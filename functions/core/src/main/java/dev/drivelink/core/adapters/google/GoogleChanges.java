package dev.drivelink.core.adapters.google;

import com.google.api.services.drive.Drive;
import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveChannels;
import dev.drivelink.core.drive.DriveException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Drive's changes feed and its push channels. */
final class GoogleChanges implements DriveChanges, DriveChannels {

    /** What a changes run uses, nothing more (no links, no capabilities): pages of 1000 stay small. */
    private static final String CHANGE_FIELDS = "nextPageToken,newStartPageToken,changes(fileId,removed,time,"
            + "file(id,name,mimeType,parents,size,md5Checksum,version,modifiedTime,trashed))";

    private final Drive drive;

    GoogleChanges(Drive drive) {
        this.drive = drive;
    }

    @Override
    public String startPageToken() {
        try {
            return drive.changes().getStartPageToken().execute().getStartPageToken();
        } catch (IOException e) {
            throw GoogleErrors.classify("changes.getStartPageToken", e);
        }
    }

    @Override
    public Page list(String pageToken, int pageSize) {
        try {
            var answer = drive.changes().list(pageToken).setPageSize(pageSize).setIncludeRemoved(true)
                    .setSpaces("drive").setFields(CHANGE_FIELDS).execute();
            List<Change> changes = answer.getChanges() == null ? List.of() : answer.getChanges().stream()
                    .map(c -> new Change(c.getFileId(), Boolean.TRUE.equals(c.getRemoved()),
                            c.getFile() == null ? null : GoogleFiles.driveFile(c.getFile()), GoogleFiles.instant(c.getTime())))
                    .toList();
            return new Page(changes, answer.getNextPageToken(), answer.getNewStartPageToken());
        } catch (IOException e) {
            throw GoogleErrors.classify("changes.list", e);
        }
    }

    @Override
    public DriveChannels.Channel watchChanges(WatchRequest request) {
        var channel = new com.google.api.services.drive.model.Channel().setId(request.channelId()).setType("web_hook").setAddress(request.address())
                .setToken(request.token());
        if (request.expiration() != null) {
            channel.setExpiration(request.expiration().toEpochMilli());
        }
        try {
            com.google.api.services.drive.model.Channel opened = drive.changes().watch(request.pageToken(), channel).execute();
            return new DriveChannels.Channel(opened.getId(), opened.getResourceId(),
                    opened.getExpiration() == null ? null : Instant.ofEpochMilli(opened.getExpiration()));
        } catch (IOException e) {
            throw GoogleErrors.classify("changes.watch", e);
        }
    }

    @Override
    public void stop(String channelId, String resourceId) {
        try {
            drive.channels().stop(new com.google.api.services.drive.model.Channel().setId(channelId).setResourceId(resourceId)).execute();
        } catch (IOException e) {
            DriveException failure = GoogleErrors.classify("channels.stop", e);
            if (failure.kind() != DriveException.Kind.NOT_FOUND) {
                throw failure;
            }
        }
    }
}
