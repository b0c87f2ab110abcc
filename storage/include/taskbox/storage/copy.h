#pragma once
// Copying a whole store into another (`taskbox migrate`: the data dir's SQLite database
// into PostgreSQL; the other way works too): every user with their password hash, every
// task under its own id, the revocations of tokens not expired yet, the Better Auth
// routes' sessions not expired yet (signed-in browsers stay signed in) and the signing
// keys (tokens already issued keep verifying). Login and registration attempts stay
// behind: they matter for minutes only.
//
// Each backend reads itself (StoreExport) and writes a copy into itself (StoreImport);
// copy_store() joins the two, whatever the backends. Rows travel in batches, so memory
// stays bounded however large the store, and each batch is written in one transaction.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {

class Store;

// A user as a copy carries them: the record (password hash included) and the time
// (`iat`, Unix seconds) before which their tokens are void. Their counters (task counts,
// list version) are not carried: the target derives them from the tasks it is given.
struct UserRow {
  core::UserRecord record;
  std::int64_t tokens_valid_after_s = 0;
};

// A revoked token: its key and when the token would have expired (Unix seconds).
struct RevocationRow {
  std::string token_key;
  std::int64_t expires_at_s = 0;
};

struct StoreCounts {
  std::int64_t users = 0;
  std::int64_t tasks = 0;
  std::int64_t revocations = 0;
  std::int64_t sessions = 0;
  std::int64_t keys = 0;  // signing keys (jwks rows)
};

// Receives one batch of rows; the vector is reused for the next batch.
template <typename Row>
using BatchSink = std::function<void(const std::vector<Row>&)>;

// One consistent snapshot of a store, read in batches (Store::begin_export()). The
// snapshot is taken when the export begins and kept until it is destroyed, so what other
// processes commit meanwhile (a server may keep serving) is not in it, and every read
// agrees with every other. Never writes. Throws core::Error when a read fails.
class StoreExport {
 public:
  virtual ~StoreExport() = default;

  // What the snapshot holds: users, tasks, keys, and the revocations and sessions not
  // expired at `now_s`.
  virtual StoreCounts counts(std::int64_t now_s) = 0;
  // Hand every row of the snapshot to `sink`, in batches of at most `batch_rows` (at
  // least 1), in the order of their keys (user id, task id, token key).
  virtual void users(std::size_t batch_rows, const BatchSink<UserRow>& sink) = 0;
  virtual void tasks(std::size_t batch_rows, const BatchSink<core::Task>& sink) = 0;
  // The revocations purge_expired(now_s) would keep: those expiring at or after `now_s`.
  virtual void revocations(std::int64_t now_s, std::size_t batch_rows, const BatchSink<RevocationRow>& sink) = 0;
  // The sessions that expire at or after `now_s` (ordered by id) and every signing key
  // (ordered by id; a store holds a handful).
  virtual void sessions(std::int64_t now_s, std::size_t batch_rows, const BatchSink<SessionRecord>& sink) = 0;
  virtual std::vector<JwkRecord> keys() = 0;
};

// Writes rows read from another store into this one, as they were: ids, hashes and times
// unchanged (Store::begin_import()). While it lasts, no other import into the same
// database runs (a second one waits at begin_import()). The whole import is one
// transaction, made to last by commit(): an import dropped before (it failed, or its
// counts did not add up) leaves the store as it was, so it can simply be run again.
// Throws core::Error when a write fails.
class StoreImport {
 public:
  virtual ~StoreImport() = default;

  // What the store holds now (every revocation, expired or not).
  virtual StoreCounts counts() = 0;
  // Each writes its batch in one transaction and returns how many rows it wrote. Users
  // come before their tasks; each user's counters follow from the tasks, as they would
  // for tasks created through the TaskRepository.
  virtual std::int64_t add_users(const std::vector<UserRow>& rows) = 0;
  virtual std::int64_t add_tasks(const std::vector<core::Task>& rows) = 0;
  // A token the store already holds as revoked stays so until the later of both expiries.
  virtual std::int64_t add_revocations(const std::vector<RevocationRow>& rows) = 0;
  // Sessions of users added before; keys with their ids, still encrypted as they were.
  virtual std::int64_t add_sessions(const std::vector<SessionRecord>& rows) = 0;
  virtual std::int64_t add_keys(const std::vector<JwkRecord>& rows) = 0;

  struct Finished {
    StoreCounts held;  // what the store holds after the import
    // Users whose task_count or completed_count differ from their tasks: 0 unless the
    // counters went wrong.
    std::int64_t miscounted_users = 0;
  };
  // After the last batch: tasks created from now on get ids above every id stored.
  virtual Finished finish() = 0;
  // Makes the import last, once its counts were checked.
  virtual void commit() = 0;
};

// Rows per batch (and per transaction) of copy_store().
inline constexpr std::size_t kCopyBatchRows = 1000;

// copy_store() refused: the target already holds users or tasks. Nothing was written.
class TargetNotEmpty : public std::runtime_error {
 public:
  explicit TargetNotEmpty(const StoreCounts& held)
      : std::runtime_error("the target store already holds " + std::to_string(held.users) + " users and " +
                           std::to_string(held.tasks) + " tasks"),
        held_(held) {}
  const StoreCounts& held() const noexcept { return held_; }

 private:
  StoreCounts held_;
};

// Begins an import into `to` (Store::begin_import()) after checking that it holds no user
// and no task; throws TargetNotEmpty, with nothing written, when it does. The import is
// begun first, so on PostgreSQL no other import can fill the target meanwhile.
std::unique_ptr<StoreImport> begin_import_into_empty(Store& to);

// What copy_store() read from the source and wrote into the target (equal, or it throws).
struct CopyReport {
  StoreCounts read;
  StoreCounts written;
};

// Copies everything in `from` (users, tasks, keys, the revocations and sessions not
// expired at `now_s`) into `to`, which must hold no user and no task (else
// TargetNotEmpty, before anything is read or written). `from` is read in one snapshot, so a server may keep using it. Then
// checks the copy: the rows read are the rows the snapshot counted, the rows written
// are the rows read, the target holds exactly the users and tasks read, and every
// user's counters match their tasks; otherwise throws core::Error (internal_error, the
// log detail says which count is off) and `to` is left as it was.
CopyReport copy_store(Store& from, Store& to, std::int64_t now_s, std::size_t batch_rows = kCopyBatchRows);

}  // namespace taskbox::storage
