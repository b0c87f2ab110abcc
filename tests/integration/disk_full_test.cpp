// Disk faults: the data directory on a small tmpfs that fills up while the server runs.
// Writes then fail with a clear 507 problem, reads and /healthz keep answering, nothing
// is half-saved or corrupted, and writes work again once space is freed.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api_test.h"
#include "database_file.h"

namespace taskbox::testing {
namespace {

// A tmpfs of a few MiB mounted on a fresh folder for the test's life. Mounting needs
// root (CAP_SYS_ADMIN); without it, skip_reason() says why.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const std::string& size) {
    if (geteuid() != 0) {
      skip_reason_ = "mounting a tmpfs needs root";
      return;
    }
    const std::string options = "size=" + size + ",mode=0700";
    if (mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      skip_reason_ = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~SmallTmpfs() {
    if (mounted_ && umount(dir_.path().c_str()) != 0) umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;

  const std::filesystem::path& path() const { return dir_.path(); }
  const std::string& skip_reason() const { return skip_reason_; }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string skip_reason_;
};

// Writes `file` until the file system has no byte left; returns the errno that ended it.
int fill_until_full(const std::filesystem::path& file) {
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return errno;
  const std::string chunk(64 * 1024, 'f');
  int error = 0;
  while (error == 0) {
    if (write(fd, chunk.data(), chunk.size()) < 0) error = errno;
  }
  close(fd);
  return error;
}

std::string task_body(const std::string& title) {
  return R"({"title":)" + json_string(title) + R"(,"description":)" + json_string(std::string(1500, 'd')) + "}";
}

TEST(DiskFullTest, WritesFailClearlyThenRecoverOnceSpaceIsFreed) {
  SmallTmpfs disk("4m");
  if (!disk.skip_reason().empty()) GTEST_SKIP() << disk.skip_reason();
  ProcessOptions options;
  options.data_dir = disk.path() / "data";
  options.env = {{"BETTER_AUTH_SECRET", kTestSecret}};
  TaskboxProcess server(options);
  HttpClient client(server.url());
  const auto account = register_account(client);
  create_task(client, account.token, "saved before the disk filled up");

  const auto filler = disk.path() / "filler";
  ASSERT_EQ(fill_until_full(filler), ENOSPC);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    const auto response = client.post("/api/me/tasks", task_body("no room " + std::to_string(i)), bearer(account.token));
    expect_problem(response, 507, "storage_full");
  }
  // Reads and the health probe still answer while the disk is full.
  EXPECT_EQ(client.get("/healthz").status, 200);
  const auto while_full = client.get("/api/me/tasks", bearer(account.token));
  EXPECT_EQ(while_full.status, 200);
  EXPECT_EQ(while_full.header("X-Total-Count"), "1");

  std::filesystem::remove(filler);
  create_task(client, account.token, "saved after space was freed", std::string(1500, 'd'));
  const auto after = client.get("/api/me/tasks", bearer(account.token));
  EXPECT_EQ(after.header("X-Total-Count"), "2");  // none of the failed creates half-saved
  EXPECT_NE(server.log().find("database or disk is full"), std::string::npos) << server.log();

  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  EXPECT_EQ(integrity_check(options.data_dir.value() / "taskbox.db"), "ok");
}

}  // namespace
}  // namespace taskbox::testing
