package dev.drivelink.core.sync.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.error.DomainException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A settings change as sent to a PUT route: the fields present change, {@code null} removes the
 * setting at this level (back to inherited), fields left out stay as they are. Every field is
 * checked here; the folder references are checked against Drive by {@link SettingsService}.
 */
final class SettingsPatch {

    static final int MAX_MONITORED_FOLDERS = 20;

    /** The parsed value per setting present; {@link #CLEAR} when it was null. */
    private final Map<Setting, Object> changes;
    private static final Object CLEAR = new Object();

    private SettingsPatch(Map<Setting, Object> changes) {
        this.changes = changes;
    }

    static SettingsPatch parse(JsonNode body, boolean project) {
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("malformed-json", "the settings must be a JSON object");
        }
        Map<Setting, Object> changes = new EnumMap<>(Setting.class);
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Setting setting = Setting.fromJson(field.getKey()).orElseThrow(() -> DomainException.invalid(
                    "unknown-setting", "\"" + field.getKey() + "\" is not a setting; settings are "
                            + String.join(", ", names(project))));
            if (!project && !setting.global()) {
                throw DomainException.invalid("unknown-setting", "\"" + setting.json()
                        + "\" is a project setting: PUT /drive/projects/{projectId}/settings");
            }
            JsonNode value = field.getValue();
            changes.put(setting, value == null || value.isNull() ? CLEAR : parseValue(setting, value));
        }
        return new SettingsPatch(changes);
    }

    private static List<String> names(boolean project) {
        List<String> names = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (project || s.global()) {
                names.add(s.json());
            }
        }
        return names;
    }

    private static Object parseValue(Setting setting, JsonNode value) {
        return switch (setting) {
            case SYNC_MODE -> wire(SyncMode.class, setting, value, "invalid-sync-mode");
            case SYNC_FREQUENCY -> wire(SyncFrequency.class, setting, value, "invalid-sync-frequency");
            case CONFLICT_RESOLUTION -> wire(ConflictPolicy.class, setting, value, "invalid-conflict-resolution");
            case AUTO_BACKUP, ENABLED, DELETE_BACKUPS -> {
                if (!value.isBoolean()) {
                    throw DomainException.invalid("invalid-setting", "\"" + setting.json() + "\" must be true or false");
                }
                yield value.booleanValue();
            }
            case FILE_TYPE_FILTERS -> filters(value);
            case CONNECTION_ID, BACKUP_FOLDER -> text(setting, value);
            case MONITORED_FOLDERS -> folders(value);
        };
    }

    private static <E extends Enum<E> & WireName> E wire(Class<E> type, Setting setting, JsonNode value, String code) {
        return WireName.parse(type, value.isTextual() ? value.asText() : null).orElseThrow(() -> DomainException.invalid(
                code, "\"" + setting.json() + "\" must be one of " + WireName.choices(type)));
    }

    private static String text(Setting setting, JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw DomainException.invalid("invalid-setting", "\"" + setting.json() + "\" must be a non-empty string (or null)");
        }
        return value.asText().strip();
    }

    private static FileTypeFilters filters(JsonNode value) {
        if (!value.isObject()) {
            throw DomainException.invalid("invalid-file-type-filter",
                    "\"fileTypeFilters\" must be an object {\"include\":[...],\"exclude\":[...]}");
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("include") && !name.equals("exclude")) {
                throw DomainException.invalid("invalid-file-type-filter",
                        "\"fileTypeFilters\" has only \"include\" and \"exclude\", not \"" + name + "\"");
            }
        }
        return new FileTypeFilters(filterList(value, "include"), filterList(value, "exclude"));
    }

    private static List<String> filterList(JsonNode filters, String name) {
        JsonNode list = filters.get(name);
        if (list == null || list.isNull()) {
            return List.of();
        }
        List<String> raw = strings(list, "fileTypeFilters." + name, "invalid-file-type-filter");
        if (raw.size() > FileTypeFilters.MAX_ENTRIES) {
            throw DomainException.invalid("invalid-file-type-filter", "\"fileTypeFilters." + name + "\" has more than "
                    + FileTypeFilters.MAX_ENTRIES + " entries");
        }
        for (String entry : raw) {
            if (FileTypeFilters.normalizeEntry(entry).isEmpty()) {
                throw DomainException.invalid("invalid-file-type-filter", FileTypeFilters.whyInvalid(entry));
            }
        }
        return FileTypeFilters.normalize(raw).orElseThrow();
    }

    private static List<String> folders(JsonNode value) {
        List<String> refs = strings(value, "monitoredFolders", "invalid-setting");
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(refs.stream().map(String::strip).toList()));
        if (unique.size() > MAX_MONITORED_FOLDERS) {
            throw DomainException.invalid("too-many-monitored-folders", "at most " + MAX_MONITORED_FOLDERS
                    + " monitored folders per project");
        }
        return unique;
    }

    private static List<String> strings(JsonNode list, String field, String code) {
        if (!list.isArray()) {
            throw DomainException.invalid(code, "\"" + field + "\" must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw DomainException.invalid(code, "\"" + field + "\" must be an array of strings");
            }
            result.add(item.asText());
        }
        return result;
    }

    boolean touches(Setting setting) {
        return changes.containsKey(setting);
    }

    boolean clears(Setting setting) {
        return changes.get(setting) == CLEAR;
    }

    /** The new value of a setting the patch sets (not clears). */
    @SuppressWarnings("unchecked")
    <T> T value(Setting setting) {
        Object v = changes.get(setting);
        return v == CLEAR ? null : (T) v;
    }

    /** The global settings with this patch applied. */
    SyncPreferences applyTo(SyncPreferences current) {
        SyncPreferences result = current;
        for (Map.Entry<Setting, Object> change : changes.entrySet()) {
            if (change.getKey().global()) {
                result = result.with(change.getKey(), change.getValue() == CLEAR ? null : change.getValue());
            }
        }
        return result;
    }
}
