#include <cstdlib>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/config.hpp>
#include <retort/error.hpp>
#include <retort/script.hpp>

#include "support/temp_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    if (auto it = vars.find(std::string(name)); it != vars.end()) {
      return it->second;
    }
    return std::nullopt;
  };
}

const fs::path k_file = "/proj/alembic.toml";

Config parse(std::string_view text, std::map<std::string, std::string> vars = {}) {
  return parse_config(text, k_file, env_of(std::move(vars)));
}

// The ConfigError message parse_config throws for `text`.
std::string config_error(std::string_view text, std::map<std::string, std::string> vars = {}) {
  try {
    parse_config(text, "alembic.toml", env_of(std::move(vars)));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(ConfigTest, EmptyFileGivesDefaults) {
  const Config c = parse("");
  EXPECT_EQ(c.config_file, fs::path("/proj/alembic.toml"));
  EXPECT_EQ(c.script_location, fs::path("/proj"));
  EXPECT_THAT(c.version_locations, ElementsAre(fs::path("/proj/versions")));
  EXPECT_FALSE(c.recursive_version_locations);
  EXPECT_EQ(c.file_template,
            "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s");
  EXPECT_EQ(c.truncate_slug_length, 40);
  EXPECT_EQ(c.timezone, "UTC");
  EXPECT_EQ(c.url, "sqlite:///retort-dev.db");
  EXPECT_EQ(c.version_table, "alembic_version");
  EXPECT_EQ(c.version_table_schema, "");
  EXPECT_FALSE(c.transaction_per_migration);
  EXPECT_FALSE(c.lock_timeout_ms);
  EXPECT_FALSE(c.statement_timeout_ms);
  EXPECT_THAT(c.schema, ElementsAre("/proj/schema/*.sql"));
  EXPECT_EQ(c.shadow_connections, 2);
  EXPECT_EQ(c.cpp_compiler, "c++");
  EXPECT_THAT(c.cpp_flags, ElementsAre("-std=c++17", "-O1"));
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_EQ(c.templates_dir(), fs::path("/proj/templates"));
}

TEST(ConfigTest, ReadsEveryKey) {
  const Config c = parse(R"(
[alembic]
script_location = "migrations"
version_locations = ["versions", "/abs/more"]
recursive_version_locations = true
file_template = "%(rev)s_%(slug)s"
truncate_slug_length = 60
timezone = "local"

[database]
url = "postgresql://app@db/app"
version_table = "my_version"
version_table_schema = "ops"
transaction_per_migration = true
lock_timeout = 5000
statement_timeout = "30s"

[autogenerate]
schema = ["db/*.sql", "/abs/extra.sql"]
shadow_url = "postgresql://app@db/shadow"
shadow_connections = 4
include_schemas = ["public", "audit"]
exclude_tables = ["spatial_ref_sys"]

[cpp]
compiler = "clang++"
flags = ["-std=c++20"]
)");
  EXPECT_EQ(c.script_location, fs::path("/proj/migrations"));
  EXPECT_THAT(c.version_locations,
              ElementsAre(fs::path("/proj/migrations/versions"), fs::path("/abs/more")));
  EXPECT_TRUE(c.recursive_version_locations);
  EXPECT_EQ(c.file_template, "%(rev)s_%(slug)s");
  EXPECT_EQ(c.truncate_slug_length, 60);
  EXPECT_EQ(c.timezone, "local");
  EXPECT_EQ(c.url, "postgresql://app@db/app");
  EXPECT_EQ(c.version_table, "my_version");
  EXPECT_EQ(c.version_table_schema, "ops");
  EXPECT_TRUE(c.transaction_per_migration);
  EXPECT_EQ(c.lock_timeout_ms, 5000);
  EXPECT_EQ(c.statement_timeout_ms, 30000);
  EXPECT_THAT(c.schema, ElementsAre("/proj/db/*.sql", "/abs/extra.sql"));
  EXPECT_EQ(c.shadow_url, "postgresql://app@db/shadow");
  EXPECT_EQ(c.shadow_connections, 4);
  EXPECT_THAT(c.include_schemas, ElementsAre("public", "audit"));
  EXPECT_THAT(c.exclude_tables, ElementsAre("spatial_ref_sys"));
  EXPECT_EQ(c.cpp_compiler, "clang++");
  EXPECT_THAT(c.cpp_flags, ElementsAre("-std=c++20"));
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_EQ(c.templates_dir(), fs::path("/proj/migrations/templates"));
}

TEST(ConfigTest, PathsAreNormalAndAbsolute) {
  const Config c = parse(R"(
[alembic]
script_location = "./a/../b/"
version_locations = ["./v1", "../v2"]
)");
  EXPECT_EQ(c.script_location, fs::path("/proj/b"));
  EXPECT_THAT(c.version_locations, ElementsAre(fs::path("/proj/b/v1"), fs::path("/proj/v2")));
  const Config dot = parse("[alembic]\nscript_location = \".\"\n");
  EXPECT_EQ(dot.script_location, fs::path("/proj"));
  EXPECT_THAT(dot.version_locations, ElementsAre(fs::path("/proj/versions")));
}

TEST(ConfigTest, RelativeConfigFileIsAnchoredAtTheCurrentFolder) {
  const Config c = parse_config("", "sub/alembic.toml", env_of({}));
  EXPECT_EQ(c.config_file, fs::current_path() / "sub/alembic.toml");
  EXPECT_EQ(c.script_location, fs::current_path() / "sub");
}

TEST(ConfigTest, ZeroTruncateSlugLengthMeansForty) {
  EXPECT_EQ(parse("[alembic]\ntruncate_slug_length = 0\n").truncate_slug_length, 40);
}

TEST(ConfigTest, UrlPrecedence) {
  // No url key: DATABASE_URL, else the SQLite default.
  EXPECT_EQ(parse("").url, "sqlite:///retort-dev.db");
  EXPECT_EQ(parse("", {{"DATABASE_URL", "postgresql:///env"}}).url, "postgresql:///env");
  EXPECT_EQ(parse("", {{"DATABASE_URL", ""}}).url, "sqlite:///retort-dev.db");
  // A non-empty config url beats DATABASE_URL.
  EXPECT_EQ(parse("[database]\nurl = \"sqlite:///cfg.db\"\n", {{"DATABASE_URL", "postgresql:///env"}})
                .url,
            "sqlite:///cfg.db");
  // An empty config url falls back to DATABASE_URL, else stays empty.
  EXPECT_EQ(parse("[database]\nurl = \"\"\n", {{"DATABASE_URL", "postgresql:///env"}}).url,
            "postgresql:///env");
  EXPECT_EQ(parse("[database]\nurl = \"\"\n").url, "");
  EXPECT_EQ(parse("[database]\nurl = \"${NOPE}\"\n", {{"DATABASE_URL", "postgresql:///env"}}).url,
            "postgresql:///env");
  // DESIGN.md's spelling.
  const std::string design = "[database]\nurl = \"${DATABASE_URL:-sqlite:///retort-dev.db}\"\n";
  EXPECT_EQ(parse(design).url, "sqlite:///retort-dev.db");
  EXPECT_EQ(parse(design, {{"DATABASE_URL", "postgresql:///x"}}).url, "postgresql:///x");
}

TEST(ConfigTest, UrlOriginSaysWhereTheUrlCameFrom) {
  EXPECT_EQ(parse("\n[database]\nurl = \"sqlite:///cfg.db\"\n", {{"DATABASE_URL", "postgresql:///env"}}).url_origin,
            "/proj/alembic.toml:3:7 ([database] url)");
  EXPECT_EQ(parse("", {{"DATABASE_URL", "postgresql:///env"}}).url_origin, "DATABASE_URL");
  EXPECT_EQ(parse("[database]\nurl = \"\"\n", {{"DATABASE_URL", "postgresql:///env"}}).url_origin, "DATABASE_URL");
  EXPECT_EQ(parse("").url_origin,
            "the default url (/proj/alembic.toml has no [database] url and DATABASE_URL is unset)");
}

TEST(ConfigTest, InterpolatesEveryStringValue) {
  const Config c = parse(R"(
[alembic]
script_location = "${ROOT}/m"
version_locations = ["${V:-versions}", "x$${literal}"]
timezone = "${TZNAME:-UTC}"
[database]
url = "postgresql://${USER}:${PW}@${HOST:-localhost}/db"
statement_timeout = "${TIMEOUT:-2s}"
[cpp]
flags = ["-I${INC}"]
)",
                         {{"ROOT", "/srv"}, {"USER", "app"}, {"PW", "s3cret"}, {"INC", "/inc"},
                          {"TIMEOUT", "250ms"}});
  EXPECT_EQ(c.script_location, fs::path("/srv/m"));
  EXPECT_THAT(c.version_locations,
              ElementsAre(fs::path("/srv/m/versions"), fs::path("/srv/m/x${literal}")));
  EXPECT_EQ(c.timezone, "UTC");
  EXPECT_EQ(c.url, "postgresql://app:s3cret@localhost/db");
  EXPECT_EQ(c.statement_timeout_ms, 250);
  EXPECT_THAT(c.cpp_flags, ElementsAre("-I/inc"));
}

TEST(ConfigTest, InterpolateRules) {
  const EnvLookup env = env_of({{"A", "alpha"}, {"EMPTY", ""}, {"B_2", "beta"}});
  EXPECT_EQ(interpolate("x${A}y", env), "xalphay");
  EXPECT_EQ(interpolate("${B_2}", env), "beta");
  EXPECT_EQ(interpolate("${UNSET}", env), "");
  EXPECT_EQ(interpolate("${UNSET:-dflt}", env), "dflt");
  EXPECT_EQ(interpolate("${EMPTY:-dflt}", env), "dflt");
  EXPECT_EQ(interpolate("${A:-dflt}", env), "alpha");
  EXPECT_EQ(interpolate("${UNSET:-}", env), "");
  EXPECT_EQ(interpolate("${UNSET:-${A}/x}", env), "alpha/x");
  EXPECT_EQ(interpolate("${UNSET:-a:b}", env), "a:b");
  EXPECT_EQ(interpolate("$$", env), "$");
  EXPECT_EQ(interpolate("$${A}", env), "${A}");
  EXPECT_EQ(interpolate("pa$word$", env), "pa$word$");
  EXPECT_EQ(interpolate("", env), "");
}

TEST(ConfigTest, InterpolateRejectsMalformedReferences) {
  const EnvLookup env = env_of({});
  EXPECT_THROW(interpolate("${A", env), ConfigError);
  try {
    interpolate("abc${A", env);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unterminated '${' at character 4"));
    EXPECT_THAT(e.what(), HasSubstr("'$$'"));
  }
  try {
    interpolate("${}", env);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("invalid variable name in '${}'"));
  }
  try {
    interpolate("${1A}", env);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("invalid variable name in '${1A}'"));
  }
  try {
    interpolate("${A-b}", env);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unexpected '-' after '${A'; expected '}' or ':-default}'"));
  }
  EXPECT_THROW(interpolate("${A:-${B}", env), ConfigError);
}

TEST(ConfigTest, MalformedInterpolationNamesTheLocation) {
  EXPECT_THAT(config_error("[database]\nurl = \"${DATABASE_URL\"\n"),
              HasSubstr("alembic.toml:2:7: unterminated '${'"));
  EXPECT_THAT(config_error("[alembic]\nversion_locations = [\"a\", \"${}\"]\n"),
              HasSubstr("alembic.toml:2:27: invalid variable name"));
}

TEST(ConfigTest, UnknownKeysAndSectionsAreWarnings) {
  const Config c = parse_config(R"([alembic]
script_location = "."

foo = 1
sqlalchemy.url = "x"
[database]
urll = "typo"
[loggers]
keys = "root"
stray = 2
)",
                                "alembic.toml", env_of({}));
  EXPECT_THAT(c.warnings, ::testing::Contains("alembic.toml:4:1: unknown key 'foo' in [alembic]"));
  EXPECT_THAT(c.warnings,
              ::testing::Contains(HasSubstr("alembic.toml:5:1: unknown key 'sqlalchemy' in "
                                            "[alembic]; the database url is [database] url")));
  EXPECT_THAT(c.warnings, ::testing::Contains("alembic.toml:7:1: unknown key 'urll' in [database]"));
  EXPECT_THAT(c.warnings, ::testing::Contains(HasSubstr("alembic.toml:8:2: unknown section [loggers]; expected [alembic], "
                                            "[database], [autogenerate] or [cpp]")));
  EXPECT_EQ(c.warnings.size(), 4U);

  const Config top = parse_config("stray = 2\n", "alembic.toml", env_of({}));
  EXPECT_THAT(top.warnings,
              ElementsAre("alembic.toml:1:1: unknown key 'stray' outside any section"));
}

TEST(ConfigTest, WrongTypesAreErrorsWithLocation) {
  EXPECT_EQ(config_error("[alembic]\nscript_location = \".\"\ntruncate_slug_length = \"x\"\n"),
            "alembic.toml:3:24: 'truncate_slug_length' must be an integer, got string");
  EXPECT_EQ(config_error("[alembic]\nscript_location = 3\n"),
            "alembic.toml:2:19: 'script_location' must be a string, got integer");
  EXPECT_EQ(config_error("[alembic]\nversion_locations = \"versions\"\n"),
            "alembic.toml:2:21: 'version_locations' must be an array of strings, got string");
  EXPECT_EQ(config_error("[alembic]\nversion_locations = [\"a\", 2]\n"),
            "alembic.toml:2:27: 'version_locations' must be an array of strings, got integer at "
            "index 1");
  EXPECT_EQ(config_error("[alembic]\nrecursive_version_locations = \"yes\"\n"),
            "alembic.toml:2:31: 'recursive_version_locations' must be a boolean (true or false), "
            "got string");
  EXPECT_EQ(config_error("[database]\ntransaction_per_migration = 1\n"),
            "alembic.toml:2:29: 'transaction_per_migration' must be a boolean (true or false), got "
            "integer");
  EXPECT_EQ(config_error("[autogenerate]\nschema = \"schema.sql\"\n"),
            "alembic.toml:2:10: 'schema' must be an array of strings, got string");
  EXPECT_EQ(config_error("[cpp]\nflags = [1.5]\n"),
            "alembic.toml:2:10: 'flags' must be an array of strings, got floating-point number at "
            "index 0");
  EXPECT_EQ(config_error("alembic = 1\n"),
            "alembic.toml:1:11: 'alembic' must be a table ([alembic]), got integer");
  EXPECT_EQ(config_error("[alembic]\ntruncate_slug_length = -1\n"),
            "alembic.toml:2:24: 'truncate_slug_length' must be between 0 and 2147483647, got -1");
  EXPECT_EQ(config_error("[autogenerate]\nshadow_connections = 0\n"),
            "alembic.toml:2:22: 'shadow_connections' must be between 1 and 16, got 0");
  EXPECT_EQ(config_error("[autogenerate]\nshadow_connections = 17\n"),
            "alembic.toml:2:22: 'shadow_connections' must be between 1 and 16, got 17");
  EXPECT_EQ(config_error("[autogenerate]\nshadow_connections = \"2\"\n"),
            "alembic.toml:2:22: 'shadow_connections' must be an integer, got string");
  EXPECT_EQ(config_error("[database]\nversion_table = \"\"\n"),
            "alembic.toml:2:17: 'version_table' must not be empty");
  EXPECT_EQ(config_error("[alembic]\nfile_template = \"\"\n"),
            "alembic.toml:2:17: 'file_template' must not be empty");
  EXPECT_EQ(config_error("[cpp]\ncompiler = \"\"\n"),
            "alembic.toml:2:12: 'compiler' must not be empty");
}

TEST(ConfigTest, TomlSyntaxErrorsHaveFileLineColumn) {
  const std::string message = config_error("[alembic]\nscript_location = \n");
  EXPECT_THAT(message, ::testing::StartsWith("alembic.toml:2:"));
  EXPECT_THAT(config_error("[alembic\n"), ::testing::StartsWith("alembic.toml:1:"));
}

TEST(ConfigTest, Timeouts) {
  auto lock = [](std::string_view value) {
    return parse("[database]\nlock_timeout = " + std::string(value) + "\n").lock_timeout_ms;
  };
  EXPECT_EQ(lock("0"), 0);
  EXPECT_EQ(lock("1500"), 1500);
  EXPECT_EQ(lock("\"500ms\""), 500);
  EXPECT_EQ(lock("\"5s\""), 5000);
  EXPECT_EQ(lock("\" 7 \""), 7);
  EXPECT_EQ(lock("\"2 min\""), 120000);
  EXPECT_EQ(lock("\"1h\""), 3600000);
  EXPECT_EQ(lock("\"1d\""), 86400000);
  EXPECT_EQ(parse("[database]\nstatement_timeout = \"10s\"\n").statement_timeout_ms, 10000);

  EXPECT_EQ(config_error("[database]\nlock_timeout = \"5 sec\"\n"),
            "alembic.toml:2:16: 'lock_timeout' must be milliseconds (an integer) or a duration "
            "string like \"5s\" or \"500ms\" (units ms, s, min, h, d), got '5 sec'");
  EXPECT_THAT(config_error("[database]\nlock_timeout = \"s\"\n"), HasSubstr("got 's'"));
  EXPECT_THAT(config_error("[database]\nlock_timeout = \"\"\n"), HasSubstr("got ''"));
  EXPECT_THAT(config_error("[database]\nlock_timeout = -1\n"),
              HasSubstr("alembic.toml:2:16: 'lock_timeout' must be milliseconds"));
  EXPECT_THAT(config_error("[database]\nstatement_timeout = 1.5\n"),
              HasSubstr("alembic.toml:2:21: 'statement_timeout' must be milliseconds (an integer) "
                        "or a duration string like \"5s\" or \"500ms\" (units ms, s, min, h, d), "
                        "got floating-point number"));
  EXPECT_THAT(config_error("[database]\nlock_timeout = \"999999999h\"\n"),
              HasSubstr("alembic.toml:2:16: 'lock_timeout' is too long"));
  EXPECT_THAT(config_error("[database]\nlock_timeout = \"99999999999999999999\"\n"),
              HasSubstr("is too long"));
}

TEST(ConfigTest, MaskUrlHidesPasswords) {
  EXPECT_EQ(mask_url("postgresql://app:s3cret@db.example:5432/app"),
            "postgresql://app:***@db.example:5432/app");
  EXPECT_EQ(mask_url("postgresql+psycopg2://app:s3cret@db/app?sslmode=require"),
            "postgresql+psycopg2://app:***@db/app?sslmode=require");
  EXPECT_EQ(mask_url("postgresql://:s3cret@db/app"), "postgresql://:***@db/app");
  EXPECT_EQ(mask_url("postgresql://app:p@ss/w?rd#x@db/app"), "postgresql://app:***@db/app");
  EXPECT_EQ(mask_url("postgresql://app:pw@db/app?application_name=a@b"),
            "postgresql://app:***@db/app?application_name=a@b");
  EXPECT_EQ(mask_url("postgresql://app@db/app?password=s3cret&sslmode=disable"),
            "postgresql://app@db/app?password=***&sslmode=disable");
  EXPECT_EQ(mask_url("postgresql:///app?host=/tmp&PASSWORD=s3cret"),
            "postgresql:///app?host=/tmp&PASSWORD=***");
  EXPECT_EQ(mask_url("host=db dbname=app password=s3cret user=app"),
            "host=db dbname=app password=*** user=app");
  EXPECT_EQ(mask_url("host=db password = 's3 cret' user=app"), "host=db password = *** user=app");
  EXPECT_EQ(mask_url("postgresql://db/app?sslpassword=s3cret"),
            "postgresql://db/app?sslpassword=***");
  // Nothing to hide.
  EXPECT_EQ(mask_url("postgresql://app@db:5432/app"), "postgresql://app@db:5432/app");
  EXPECT_EQ(mask_url("postgresql://db:5432/app"), "postgresql://db:5432/app");
  EXPECT_EQ(mask_url("sqlite:////tmp/a:b@c.db"), "sqlite:////tmp/a:b@c.db");
  EXPECT_EQ(mask_url("sqlite://"), "sqlite://");
  EXPECT_EQ(mask_url(""), "");
  for (const char* url : {"postgresql://u:s3cret@h/d", "postgresql://u:s3cret@h/d?password=s3cret",
                          "password=s3cret", "postgresql://u:s3c@ret@h/d"}) {
    EXPECT_THAT(mask_url(url), Not(HasSubstr("s3c"))) << url;
  }
}

TEST(ConfigTest, LoadConfigReadsTheFile) {
  test::TempDir dir;
  const fs::path file =
      dir.write("proj/alembic.toml", "[alembic]\nscript_location = \"m\"\n[database]\nurl = \"${U}\"\n");
  const Config c = load_config(file, env_of({{"U", "sqlite:///x.db"}}));
  EXPECT_EQ(c.config_file, file);
  EXPECT_EQ(c.script_location, dir.path() / "proj/m");
  EXPECT_EQ(c.url, "sqlite:///x.db");
}

TEST(ConfigTest, LoadConfigOfMissingFileFails) {
  test::TempDir dir;
  try {
    load_config(dir.path() / "nope.toml", env_of({}));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot read config file '" + (dir.path() / "nope.toml").string()));
  }
}

TEST(ConfigTest, DefaultConfigUsesVersionsAndDatabaseUrl) {
  test::TempDir dir;
  const Config c = default_config(dir.path(), env_of({{"DATABASE_URL", "postgresql:///x"}}));
  EXPECT_TRUE(c.config_file.empty());
  EXPECT_EQ(c.script_location, dir.path());
  EXPECT_THAT(c.version_locations, ElementsAre(dir.path() / "versions"));
  EXPECT_EQ(c.url, "postgresql:///x");
  EXPECT_THAT(c.schema, ElementsAre((dir.path() / "schema/*.sql").string()));
  EXPECT_EQ(default_config(dir.path(), env_of({})).url, "");
}

// Runs `body` with the current folder set to `dir`.
template <typename F>
void in_folder(const fs::path& dir, F body) {
  const fs::path old = fs::current_path();
  fs::current_path(dir);
  try {
    body();
  } catch (...) {
    fs::current_path(old);
    throw;
  }
  fs::current_path(old);
}

TEST(ConfigTest, FindConfig) {
  test::TempDir dir;
  const fs::path explicit_file = dir.write("conf/other.toml", "[database]\nurl = \"sqlite:///o.db\"\n");
  EXPECT_EQ(find_config(explicit_file, env_of({})).url, "sqlite:///o.db");
  try {
    find_config(dir.path() / "missing.toml", env_of({}));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("config file '" + (dir.path() / "missing.toml").string() +
                                    "' not found"));
  }
  // No file: the current folder's defaults.
  in_folder(dir.path(), [&] {
    const Config c = find_config(std::nullopt, env_of({}));
    EXPECT_TRUE(c.config_file.empty());
    EXPECT_EQ(fs::canonical(c.script_location), fs::canonical(dir.path()));
  });
  // ./alembic.toml when present.
  dir.write("alembic.toml", "[database]\nurl = \"sqlite:///here.db\"\n");
  in_folder(dir.path(), [&] {
    const Config c = find_config(std::nullopt, env_of({}));
    EXPECT_EQ(c.url, "sqlite:///here.db");
    EXPECT_EQ(c.config_file.filename(), "alembic.toml");
    EXPECT_TRUE(c.config_file.is_absolute());
  });
}

TEST(ConfigTest, ProcessEnvReadsTheEnvironment) {
  ::setenv("RETORT_CONFIG_TEST_VAR", "value-1", 1);
  const EnvLookup env = process_env();
  EXPECT_EQ(env("RETORT_CONFIG_TEST_VAR"), "value-1");
  ::unsetenv("RETORT_CONFIG_TEST_VAR");
  EXPECT_EQ(env("RETORT_CONFIG_TEST_VAR"), std::nullopt);
}

TEST(ConfigTest, BuiltinAlembicTomlTemplateParsesToTheDefaults) {
  const auto text = builtin_template("alembic.toml.tmpl");
  ASSERT_TRUE(text);
  const Config c = parse(*text);
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front();
  const Config defaults = parse("");
  EXPECT_EQ(c.script_location, defaults.script_location);
  EXPECT_EQ(c.version_locations, defaults.version_locations);
  EXPECT_EQ(c.file_template, defaults.file_template);
  EXPECT_EQ(c.truncate_slug_length, 40);
  EXPECT_EQ(c.timezone, "UTC");
  EXPECT_EQ(c.url, "sqlite:///retort-dev.db");
  EXPECT_EQ(parse(*text, {{"DATABASE_URL", "postgresql:///x"}}).url, "postgresql:///x");
  EXPECT_EQ(c.version_table, "alembic_version");
  EXPECT_EQ(c.schema, defaults.schema);
}

}  // namespace
}  // namespace retort
