package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.plan.PlanAction.DropBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order of a plan's groups that the mapping store accepts: one mapping per Drive file at every write. */
final class StoreOrder {

    private StoreOrder() {
    }

    /**
     * The groups in an order the mapping store accepts (one mapping per Drive file, SYNC.md): a group
     * whose base takes a Drive file another path maps comes after the group that gives it up there
     * (the first to write that path); groups writing one path keep their order. Files that swapped
     * paths wait for each other: the first such group drops its path's record first (read as new files
     * if the run stops there: safe), then the others go.
     */
    static List<PlanAction> releasesFirst(List<PlanAction> actions, Map<String, BaseEntry> baseByPath) {
        Map<Integer, List<PlanAction>> byGroup = new LinkedHashMap<>();
        Map<String, Integer> lastAt = new HashMap<>();
        Map<String, String> idAt = new HashMap<>();
        Map<String, Integer> releasedBy = new HashMap<>();
        Map<Integer, List<String>> releasedPaths = new HashMap<>();
        Map<Integer, Set<Integer>> after = new HashMap<>();
        Map<Integer, Set<String>> takes = new HashMap<>();
        for (PlanAction a : actions) {
            byGroup.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(a);
            BaseEntry next = a.putsEntry();
            String path = a instanceof DropBase drop ? drop.path() : next != null ? next.path() : null;
            if (path == null) {
                continue;
            }
            String newId = next == null || next.drive() == null ? null : next.drive().fileId();
            Integer previous = lastAt.put(path, a.group());
            String oldId;
            if (previous != null) {
                // the path holds what the previous group wrote there
                after.computeIfAbsent(a.group(), g -> new HashSet<>()).add(previous);
                oldId = idAt.get(path);
            } else {
                BaseEntry old = baseByPath.get(path);
                oldId = old == null || old.drive() == null ? null : old.drive().fileId();
                if (oldId != null && !oldId.equals(newId) && releasedBy.putIfAbsent(oldId, a.group()) == null) {
                    releasedPaths.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(path);
                }
            }
            idAt.put(path, newId);
            if (newId != null && !newId.equals(oldId)) {
                takes.computeIfAbsent(a.group(), g -> new HashSet<>()).add(newId);
            }
        }
        List<PlanAction> ordered = new ArrayList<>(actions.size());
        Set<Integer> emitted = new HashSet<>();
        Set<String> released = new HashSet<>();
        List<Integer> pending = new ArrayList<>(byGroup.keySet());
        while (!pending.isEmpty()) {
            List<Integer> waiting = new ArrayList<>();
            for (Integer group : pending) {
                boolean ready = emitted.containsAll(after.getOrDefault(group, Set.of()))
                        && takes.getOrDefault(group, Set.of()).stream().allMatch(id -> released.contains(id)
                        || !releasedBy.containsKey(id) || releasedBy.get(id).equals(group));
                if (ready) {
                    emitted.add(group);
                    ordered.addAll(byGroup.get(group));
                    for (String path : releasedPaths.getOrDefault(group, List.of())) {
                        released.add(baseByPath.get(path).drive().fileId());
                    }
                } else {
                    waiting.add(group);
                }
            }
            if (waiting.size() == pending.size()) {
                // a cycle: its first group gives its files up before the others take them
                Integer first = waiting.get(0);
                boolean freed = false;
                for (String path : releasedPaths.getOrDefault(first, List.of())) {
                    if (released.add(baseByPath.get(path).drive().fileId())) {
                        ordered.add(new DropBase(first, path));
                        freed = true;
                    }
                }
                if (!freed) {
                    waiting.remove(0); // nothing left to give up first: it goes as planned
                    emitted.add(first);
                    ordered.addAll(byGroup.get(first));
                }
            }
            pending = waiting;
        }
        return ordered;
    }
}
