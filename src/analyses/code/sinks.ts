/**
 * Taint sinks and sanitizers, by qualified callee name. A qualified name is the imported package
 * (normalised: no `node:` prefix, `fs/promises` → `fs.promises`) followed by the member path
 * (`child_process.exec`, `urllib.request.urlopen`), a bare global (`eval`, `fetch`, `open`), or
 * `lib#method` for a method called on an object that came from a library (`pg#query` for
 * `new Client().query(…)`).
 */
import type { Category } from '../../model/findings.js';

export type CodeCategory = Extract<Category, 'sql-injection' | 'nosql-injection' | 'command-injection' | 'code-injection' | 'ssrf' | 'path-traversal' | 'insecure-deserialization' | 'xss' | 'regex-dos' | 'verbose-error' | 'reverse-shell'>;

export const CODE_CATEGORIES: readonly CodeCategory[] = ['sql-injection', 'nosql-injection', 'command-injection', 'code-injection', 'ssrf', 'path-traversal', 'insecure-deserialization', 'xss', 'regex-dos', 'verbose-error', 'reverse-shell'];

export interface SinkSpec {
  category: CodeCategory;
  /** Positional arguments that must not be tainted; 'all' for every argument. */
  args: readonly number[] | 'all';
  /** Keyword arguments (Python) / properties of an options-object argument that must not be tainted. */
  keys?: readonly string[];
  /** Only when the call passes `shell: true` / `shell=True`. */
  shellOnly?: boolean;
  /** Only when the argument is a string (not a function). */
  stringOnly?: boolean;
  /** Only when the program run (the first argument, or its first element) is a shell: then every argument is a command line. */
  shellProgram?: boolean;
}

const cmd = (args: readonly number[] | 'all', extra: Partial<SinkSpec> = {}): SinkSpec => ({ category: 'command-injection', args, ...extra });
const code = (args: readonly number[] | 'all', extra: Partial<SinkSpec> = {}): SinkSpec => ({ category: 'code-injection', args, ...extra });
const ssrf = (args: readonly number[], keys: readonly string[] = ['url', 'uri', 'baseURL', 'prefixUrl', 'host', 'hostname']): SinkSpec => ({ category: 'ssrf', args, keys });
const path = (args: readonly number[]): SinkSpec => ({ category: 'path-traversal', args, keys: ['file', 'filename', 'path'] });
const sql = (args: readonly number[] = [0], keys: readonly string[] = ['sql', 'query', 'text']): SinkSpec => ({ category: 'sql-injection', args, keys });
const deser = (args: readonly number[] = [0]): SinkSpec => ({ category: 'insecure-deserialization', args, keys: ['data', 's'] });
const redos = (args: readonly number[] = [0]): SinkSpec => ({ category: 'regex-dos', args, keys: ['pattern'] });

function table(entries: [string[], SinkSpec][]): Map<string, SinkSpec[]> {
  const m = new Map<string, SinkSpec[]>();
  for (const [names, spec] of entries) for (const n of names) m.set(n, [...(m.get(n) ?? []), spec]);
  return m;
}

const FS_PATH_FNS = ['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'open', 'openSync', 'stat', 'statSync', 'lstat', 'mkdir', 'mkdirSync', 'access', 'accessSync', 'existsSync', 'truncate', 'chmod', 'chmodSync', 'readlink'];
const FS_TWO = ['copyFile', 'copyFileSync', 'rename', 'renameSync', 'symlink', 'symlinkSync', 'link', 'cp', 'cpSync'];
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export const SINKS: ReadonlyMap<string, readonly SinkSpec[]> = table([
  // command execution
  [['child_process.exec', 'child_process.execSync', 'shelljs.exec', 'execa.command', 'execa.commandSync', 'execa.execaCommand'], cmd([0])],
  [['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync', 'execa', 'execa.execa'], cmd([0])],
  [['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync'], cmd([1], { shellOnly: true })],
  [['os.system', 'os.popen', 'os.popen2', 'os.popen3', 'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput'], cmd([0], { keys: ['command', 'cmd'] })],
  [['subprocess.run', 'subprocess.call', 'subprocess.Popen', 'subprocess.check_output', 'subprocess.check_call'], cmd([0], { keys: ['args'], shellOnly: true })],
  [['os.execl', 'os.execlp', 'os.execv', 'os.execvp', 'os.spawnl', 'os.spawnlp'], cmd([0, 1])],
  // code evaluation
  [['eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.Script', 'vm.compileFunction', 'vm.SourceTextModule', 'exec', 'compile', 'builtins.eval', 'builtins.exec'], code([0], { keys: ['source', 'code'] })],
  [['Function'], code('all')],
  [['setTimeout', 'setInterval', 'setImmediate'], code([0], { stringOnly: true })],
  // SSRF
  [['fetch', 'node-fetch', 'cross-fetch', 'undici.fetch', 'undici.request', 'undici.stream', 'got', 'axios', 'axios.create', 'superagent', 'request', 'request-promise', 'request-promise-native', 'phin', 'ky'], ssrf([0])],
  [[...HTTP_VERBS.map((v) => `axios.${v}`), ...HTTP_VERBS.map((v) => `got.${v}`), ...HTTP_VERBS.map((v) => `superagent.${v}`), ...HTTP_VERBS.map((v) => `request.${v}`), ...HTTP_VERBS.map((v) => `ky.${v}`)], ssrf([0])],
  [['axios#get', 'axios#post', 'axios#put', 'axios#patch', 'axios#delete', 'axios#head', 'axios#request', 'got#get', 'got#post'], ssrf([0])],
  [['http.request', 'http.get', 'https.request', 'https.get', 'http2.connect'], ssrf([0], ['host', 'hostname', 'path', 'url'])],
  [['needle', 'needle.request'], ssrf([1])],
  [[...HTTP_VERBS.filter((v) => v !== 'request').map((v) => `requests.${v}`), ...HTTP_VERBS.filter((v) => v !== 'request').map((v) => `httpx.${v}`), 'urllib.request.urlopen', 'urllib.request.Request', 'urllib.request.urlretrieve', 'urllib2.urlopen', 'urllib2.Request'], ssrf([0], ['url'])],
  [['requests.request', 'httpx.request', 'urllib3#request', 'urllib3#urlopen', 'requests#request', 'httpx#request'], ssrf([1], ['url'])],
  [['requests#get', 'requests#post', 'requests#put', 'requests#patch', 'requests#delete', 'requests#head', 'httpx#get', 'httpx#post', 'httpx#put', 'httpx#delete', 'aiohttp#get', 'aiohttp#post'], ssrf([0], ['url'])],
  // path traversal
  [[...FS_PATH_FNS.map((f) => `fs.${f}`), ...FS_PATH_FNS.map((f) => `fs.promises.${f}`), ...FS_PATH_FNS.map((f) => `fs-extra.${f}`), 'fs-extra.readJson', 'fs-extra.outputFile', 'fs-extra.remove'], path([0])],
  [[...FS_TWO.map((f) => `fs.${f}`), ...FS_TWO.map((f) => `fs.promises.${f}`), ...FS_TWO.map((f) => `fs-extra.${f}`)], path([0, 1])],
  [['open', 'io.open', 'codecs.open', 'os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.makedirs', 'os.mkdir', 'os.listdir', 'os.open', 'os.scandir', 'shutil.rmtree', 'aiofiles.open', 'builtins.open', 'flask.send_file', 'flask.helpers.send_file'], path([0])],
  [['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move', 'os.rename', 'os.replace'], path([0, 1])],
  // deserialisation
  [['node-serialize.unserialize', 'serialize-to-js.deserialize', 'funcster.deepDeserialize', 'cryo.parse'], deser()],
  [['pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', '_pickle.loads', 'dill.loads', 'dill.load', 'jsonpickle.decode', 'marshal.loads', 'marshal.load', 'shelve.open', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'pandas.read_pickle'], deser()],
  // regular expressions from data
  [['RegExp', 're.compile', 're.match', 're.search', 're.fullmatch', 're.findall', 're.finditer', 're.split', 're.sub', 're.subn', 'regex.compile', 'regex.match', 'regex.search'], redos()],
  // SQL
  [['knex#raw', 'knex#whereRaw', 'knex#orWhereRaw', 'knex#havingRaw', 'knex#orderByRaw', 'knex#groupByRaw', 'knex#joinRaw', 'knex#fromRaw', 'knex.raw'], sql()],
  [['sequelize#query', 'sequelize.literal', 'sequelize#literal', 'sequelize.Sequelize.literal'], sql()],
  [['mysql#query', 'mysql#execute', 'mysql2#query', 'mysql2#execute', 'pg#query', 'pg-promise#query', 'pg-promise#any', 'pg-promise#one', 'pg-promise#none', 'pg-promise#many', 'pg-promise#oneOrNone', 'pg-promise#manyOrNone', 'postgres#unsafe', 'serverless-mysql#query', 'mssql#query', 'mssql#batch', 'oracledb#execute', 'better-sqlite3#exec', 'better-sqlite3#prepare', 'sqlite3#run', 'sqlite3#all', 'sqlite3#get', 'sqlite3#exec', 'sqlite3#each', 'typeorm#query', '@prisma/client#$queryRawUnsafe', '@prisma/client#$executeRawUnsafe', 'data-api-client#query', 'slonik#unsafe'], sql()],
  [['psycopg2#execute', 'psycopg2#executemany', 'psycopg#execute', 'pymysql#execute', 'pymysql#executemany', 'MySQLdb#execute', 'mysql#execute', 'sqlite3#execute', 'sqlite3#executemany', 'sqlite3#executescript', 'pyodbc#execute', 'pg8000#execute', 'pg8000#run', 'aiomysql#execute', 'asyncpg#execute', 'asyncpg#fetch', 'asyncpg#fetchrow', 'asyncpg#fetchval', 'sqlalchemy#execute', 'sqlalchemy.text', 'sqlalchemy.sql.text', 'redshift_connector#execute', 'pymssql#execute', 'snowflake#execute', 'cx_Oracle#execute', 'oracledb#execute', 'django#execute', 'django#executemany'], sql([0], ['sql', 'query', 'operation', 'statement'])],
  // Django: raw SQL inside ORM expressions (`Model.objects.raw` and `.extra` are in interp-sinks.ts)
  [['django.db.models.expressions.RawSQL', 'django.db.models.RawSQL'], sql([0], ['sql'])],
  // Java (qualified by the import; `Class#method` for a method of an instance)
  [['java.lang.Runtime#exec', 'java.lang.ProcessBuilder', 'java.lang.ProcessBuilder#command'], cmd([0])],
  [['java.lang.Runtime#exec', 'java.lang.ProcessBuilder', 'java.lang.ProcessBuilder#command'], cmd([1, 2, 3, 4], { shellProgram: true })],
  [['java.sql.Statement#executeQuery', 'java.sql.Statement#execute', 'java.sql.Statement#executeUpdate', 'java.sql.Statement#executeLargeUpdate', 'java.sql.Statement#addBatch', 'java.sql.Connection#prepareStatement', 'java.sql.Connection#prepareCall', 'java.sql.Connection#nativeSQL', 'org.springframework.jdbc.core.JdbcTemplate#query', 'org.springframework.jdbc.core.JdbcTemplate#queryForObject', 'org.springframework.jdbc.core.JdbcTemplate#queryForList', 'org.springframework.jdbc.core.JdbcTemplate#queryForMap', 'org.springframework.jdbc.core.JdbcTemplate#update', 'org.springframework.jdbc.core.JdbcTemplate#execute', 'javax.persistence.EntityManager#createNativeQuery', 'javax.persistence.EntityManager#createQuery', 'jakarta.persistence.EntityManager#createNativeQuery', 'jakarta.persistence.EntityManager#createQuery'], sql([0], [])],
  [['java.net.URL', 'java.net.URI', 'java.net.URI.create', 'org.apache.http.client.methods.HttpGet', 'org.apache.http.client.methods.HttpPost', 'org.apache.hc.client5.http.classic.methods.HttpGet', 'org.apache.hc.client5.http.classic.methods.HttpPost', 'okhttp3.Request.Builder#url', 'org.springframework.web.client.RestTemplate#getForObject', 'org.springframework.web.client.RestTemplate#getForEntity', 'org.springframework.web.client.RestTemplate#postForObject', 'org.springframework.web.client.RestTemplate#exchange'], ssrf([0], [])],
  [['java.io.File', 'java.io.FileInputStream', 'java.io.FileOutputStream', 'java.io.FileReader', 'java.io.FileWriter', 'java.io.RandomAccessFile', 'java.io.PrintWriter', 'java.nio.file.Paths.get', 'java.nio.file.Path.of', 'java.nio.file.Path#resolve'], path([0, 1, 2, 3])],
  [['java.io.ObjectInputStream', 'java.beans.XMLDecoder', 'com.thoughtworks.xstream.XStream#fromXML', 'org.apache.commons.lang3.SerializationUtils.deserialize', 'org.springframework.util.SerializationUtils.deserialize'], deser()],
  [['javax.script.ScriptEngine#eval', 'org.springframework.expression.spel.standard.SpelExpressionParser#parseExpression', 'org.springframework.expression.ExpressionParser#parseExpression', 'ognl.Ognl.getValue', 'ognl.Ognl.parseExpression', 'groovy.lang.GroovyShell#evaluate', 'org.mvel2.MVEL.eval'], code([0])],
  [['java.util.regex.Pattern.compile', 'java.util.regex.Pattern.matches'], redos()],
  [['org.bson.Document.parse', 'com.mongodb.BasicDBObject.parse'], { category: 'nosql-injection', args: [0] }],
  // Go (import path, then the function; `path.Type#Method` for a method)
  [['os/exec.Command'], cmd([0])],
  [['os/exec.Command'], cmd([1, 2, 3, 4], { shellProgram: true })],
  [['database/sql.DB#Query', 'database/sql.DB#Exec', 'database/sql.DB#QueryRow', 'database/sql.DB#Prepare', 'database/sql.Tx#Query', 'database/sql.Tx#Exec', 'database/sql.Tx#QueryRow', 'database/sql.Tx#Prepare', 'database/sql.Conn#Query', 'github.com/jmoiron/sqlx.DB#Queryx', 'github.com/jmoiron/sqlx.DB#MustExec', 'gorm.io/gorm.DB#Raw', 'gorm.io/gorm.DB#Exec'], sql([0], [])],
  [['database/sql.DB#QueryContext', 'database/sql.DB#ExecContext', 'database/sql.DB#QueryRowContext', 'database/sql.DB#PrepareContext', 'database/sql.Tx#QueryContext', 'database/sql.Tx#ExecContext', 'database/sql.Tx#QueryRowContext', 'database/sql.Conn#QueryContext', 'database/sql.Conn#ExecContext', 'github.com/jmoiron/sqlx.DB#Select', 'github.com/jmoiron/sqlx.DB#Get', 'github.com/jackc/pgx/v5.Conn#Query', 'github.com/jackc/pgx/v5.Conn#Exec', 'github.com/jackc/pgx/v5.Conn#QueryRow', 'github.com/jackc/pgx/v5/pgxpool.Pool#Query', 'github.com/jackc/pgx/v5/pgxpool.Pool#Exec', 'github.com/jackc/pgx/v5/pgxpool.Pool#QueryRow'], sql([1], [])],
  [['net/http.Get', 'net/http.Post', 'net/http.Head', 'net/http.PostForm', 'net/http.DefaultClient.Get', 'net/http.DefaultClient.Post', 'net/http.DefaultClient.Head', 'net/http.Client#Get', 'net/http.Client#Post', 'net/http.Client#Head'], ssrf([0], [])],
  [['net/http.NewRequest'], ssrf([1], [])],
  [['net/http.NewRequestWithContext'], ssrf([2], [])],
  [['os.Open', 'os.OpenFile', 'os.ReadFile', 'os.WriteFile', 'os.Create', 'os.Remove', 'os.RemoveAll', 'os.ReadDir', 'os.Mkdir', 'os.MkdirAll', 'os.Stat', 'io/ioutil.ReadFile', 'io/ioutil.WriteFile', 'io/ioutil.ReadDir'], path([0])],
  [['os.Rename', 'os.Symlink', 'os.Link'], path([0, 1])],
  [['text/template.Template#Parse', 'html/template.Template#Parse', 'github.com/robertkrimen/otto.Otto#Run', 'github.com/dop251/goja.Runtime#RunString', 'github.com/expr-lang/expr.Compile', 'github.com/expr-lang/expr.Eval'], code([0])],
  // C# (types as written; `Type#Method` for a method of an instance)
  [['Process.Start', 'System.Diagnostics.Process.Start'], cmd([0], { keys: ['FileName'] })],
  [['Process.Start', 'System.Diagnostics.Process.Start'], cmd([1], { shellProgram: true })],
  [['SqlCommand', 'NpgsqlCommand', 'MySqlCommand', 'SqliteCommand', 'OracleCommand', 'OleDbCommand', 'OdbcCommand', 'DbCommand', 'IDbCommand', 'SqlCommand#set_CommandText', 'NpgsqlCommand#set_CommandText', 'MySqlCommand#set_CommandText', 'SqliteCommand#set_CommandText', 'OracleCommand#set_CommandText', 'OleDbCommand#set_CommandText', 'OdbcCommand#set_CommandText', 'DbCommand#set_CommandText', 'IDbCommand#set_CommandText', 'SqlConnection#set_CommandText', 'NpgsqlConnection#set_CommandText', 'MySqlConnection#set_CommandText', 'SqliteConnection#set_CommandText', 'OracleConnection#set_CommandText', 'IDbConnection#set_CommandText', 'DbConnection#set_CommandText', 'SqlConnection#Query', 'SqlConnection#QueryAsync', 'SqlConnection#QueryFirst', 'SqlConnection#QueryFirstAsync', 'SqlConnection#QueryFirstOrDefault', 'SqlConnection#QueryFirstOrDefaultAsync', 'SqlConnection#QuerySingle', 'SqlConnection#QuerySingleAsync', 'SqlConnection#QuerySingleOrDefault', 'SqlConnection#QuerySingleOrDefaultAsync', 'SqlConnection#QueryMultiple', 'SqlConnection#QueryMultipleAsync', 'SqlConnection#Execute', 'SqlConnection#ExecuteAsync', 'SqlConnection#ExecuteScalar', 'SqlConnection#ExecuteScalarAsync', 'SqlConnection#ExecuteReader', 'SqlConnection#ExecuteReaderAsync', 'NpgsqlConnection#Query', 'NpgsqlConnection#QueryAsync', 'NpgsqlConnection#QueryFirst', 'NpgsqlConnection#QueryFirstAsync', 'NpgsqlConnection#QueryFirstOrDefault', 'NpgsqlConnection#QueryFirstOrDefaultAsync', 'NpgsqlConnection#QuerySingle', 'NpgsqlConnection#QuerySingleAsync', 'NpgsqlConnection#QuerySingleOrDefault', 'NpgsqlConnection#QuerySingleOrDefaultAsync', 'NpgsqlConnection#QueryMultiple', 'NpgsqlConnection#QueryMultipleAsync', 'NpgsqlConnection#Execute', 'NpgsqlConnection#ExecuteAsync', 'NpgsqlConnection#ExecuteScalar', 'NpgsqlConnection#ExecuteScalarAsync', 'NpgsqlConnection#ExecuteReader', 'NpgsqlConnection#ExecuteReaderAsync', 'MySqlConnection#Query', 'MySqlConnection#QueryAsync', 'MySqlConnection#QueryFirst', 'MySqlConnection#QueryFirstAsync', 'MySqlConnection#QueryFirstOrDefault', 'MySqlConnection#QueryFirstOrDefaultAsync', 'MySqlConnection#QuerySingle', 'MySqlConnection#QuerySingleAsync', 'MySqlConnection#QuerySingleOrDefault', 'MySqlConnection#QuerySingleOrDefaultAsync', 'MySqlConnection#QueryMultiple', 'MySqlConnection#QueryMultipleAsync', 'MySqlConnection#Execute', 'MySqlConnection#ExecuteAsync', 'MySqlConnection#ExecuteScalar', 'MySqlConnection#ExecuteScalarAsync', 'MySqlConnection#ExecuteReader', 'MySqlConnection#ExecuteReaderAsync', 'SqliteConnection#Query', 'SqliteConnection#QueryAsync', 'SqliteConnection#QueryFirst', 'SqliteConnection#QueryFirstAsync', 'SqliteConnection#QueryFirstOrDefault', 'SqliteConnection#QueryFirstOrDefaultAsync', 'SqliteConnection#QuerySingle', 'SqliteConnection#QuerySingleAsync', 'SqliteConnection#QuerySingleOrDefault', 'SqliteConnection#QuerySingleOrDefaultAsync', 'SqliteConnection#QueryMultiple', 'SqliteConnection#QueryMultipleAsync', 'SqliteConnection#Execute', 'SqliteConnection#ExecuteAsync', 'SqliteConnection#ExecuteScalar', 'SqliteConnection#ExecuteScalarAsync', 'SqliteConnection#ExecuteReader', 'SqliteConnection#ExecuteReaderAsync', 'OracleConnection#Query', 'OracleConnection#QueryAsync', 'OracleConnection#QueryFirst', 'OracleConnection#QueryFirstAsync', 'OracleConnection#QueryFirstOrDefault', 'OracleConnection#QueryFirstOrDefaultAsync', 'OracleConnection#QuerySingle', 'OracleConnection#QuerySingleAsync', 'OracleConnection#QuerySingleOrDefault', 'OracleConnection#QuerySingleOrDefaultAsync', 'OracleConnection#QueryMultiple', 'OracleConnection#QueryMultipleAsync', 'OracleConnection#Execute', 'OracleConnection#ExecuteAsync', 'OracleConnection#ExecuteScalar', 'OracleConnection#ExecuteScalarAsync', 'OracleConnection#ExecuteReader', 'OracleConnection#ExecuteReaderAsync', 'IDbConnection#Query', 'IDbConnection#QueryAsync', 'IDbConnection#QueryFirst', 'IDbConnection#QueryFirstAsync', 'IDbConnection#QueryFirstOrDefault', 'IDbConnection#QueryFirstOrDefaultAsync', 'IDbConnection#QuerySingle', 'IDbConnection#QuerySingleAsync', 'IDbConnection#QuerySingleOrDefault', 'IDbConnection#QuerySingleOrDefaultAsync', 'IDbConnection#QueryMultiple', 'IDbConnection#QueryMultipleAsync', 'IDbConnection#Execute', 'IDbConnection#ExecuteAsync', 'IDbConnection#ExecuteScalar', 'IDbConnection#ExecuteScalarAsync', 'IDbConnection#ExecuteReader', 'IDbConnection#ExecuteReaderAsync', 'DbConnection#Query', 'DbConnection#QueryAsync', 'DbConnection#QueryFirst', 'DbConnection#QueryFirstAsync', 'DbConnection#QueryFirstOrDefault', 'DbConnection#QueryFirstOrDefaultAsync', 'DbConnection#QuerySingle', 'DbConnection#QuerySingleAsync', 'DbConnection#QuerySingleOrDefault', 'DbConnection#QuerySingleOrDefaultAsync', 'DbConnection#QueryMultiple', 'DbConnection#QueryMultipleAsync', 'DbConnection#Execute', 'DbConnection#ExecuteAsync', 'DbConnection#ExecuteScalar', 'DbConnection#ExecuteScalarAsync', 'DbConnection#ExecuteReader', 'DbConnection#ExecuteReaderAsync'], sql([0], [])],
  [['HttpClient#GetAsync', 'HttpClient#GetStringAsync', 'HttpClient#GetStreamAsync', 'HttpClient#GetByteArrayAsync', 'HttpClient#PostAsync', 'HttpClient#PutAsync', 'HttpClient#PatchAsync', 'HttpClient#DeleteAsync', 'WebClient#DownloadString', 'WebClient#DownloadData', 'WebClient#DownloadFile', 'WebRequest.Create', 'HttpWebRequest.Create', 'Uri'], ssrf([0], [])],
  [['HttpRequestMessage'], ssrf([1], [])],
  [['File.ReadAllText', 'File.ReadAllTextAsync', 'File.ReadAllBytes', 'File.ReadAllBytesAsync', 'File.ReadAllLines', 'File.WriteAllText', 'File.WriteAllTextAsync', 'File.WriteAllBytes', 'File.AppendAllText', 'File.Delete', 'File.Open', 'File.OpenRead', 'File.OpenWrite', 'File.Create', 'FileStream', 'FileInfo', 'DirectoryInfo', 'Directory.Delete', 'Directory.GetFiles', 'Directory.CreateDirectory', 'Directory.EnumerateFiles'], path([0])],
  [['File.Copy', 'File.Move'], path([0, 1])],
  [['BinaryFormatter#Deserialize', 'SoapFormatter#Deserialize', 'NetDataContractSerializer#Deserialize', 'NetDataContractSerializer#ReadObject', 'LosFormatter#Deserialize', 'ObjectStateFormatter#Deserialize', 'JavaScriptSerializer#DeserializeObject'], deser()],
  [['CSharpScript.EvaluateAsync', 'CSharpScript.RunAsync', 'CSharpScript.Create', 'DynamicExpressionParser.ParseLambda', 'Engine.Razor.RunCompile', 'Razor.Parse'], code([0])],
  [['Regex'], redos()],
  [['Regex.IsMatch', 'Regex.Match', 'Regex.Matches', 'Regex.Replace', 'Regex.Split'], redos([1])],
  // Ruby (constant paths joined with `.`; a method called without a receiver is `Kernel.x`; `.new` is the class)
  [['Kernel.`', 'Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn', 'Process.exec', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Open3.popen2', 'Open3.popen2e', 'Open3.popen3', 'Open3.pipeline', 'Open3.pipeline_r', 'IO.popen', 'PTY.spawn'], cmd([0])],
  [['Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Open3.popen3'], cmd([1, 2, 3, 4], { shellProgram: true })],
  [['Kernel.eval', 'Kernel.instance_eval', 'Kernel.class_eval', 'Kernel.module_eval', 'Kernel.send', 'Kernel.public_send', 'Kernel.__send__', 'ERB', 'Erubi.Engine', 'Tilt.ERBTemplate', 'Kernel.binding.eval'], code([0], { stringOnly: true })],
  [['Net.HTTP.get', 'Net.HTTP.get_response', 'Net.HTTP.post', 'Net.HTTP.post_form', 'Net.HTTP.start', 'Net.HTTP', 'Net.HTTP.new', 'OpenURI.open_uri', ...['get', 'post', 'put', 'patch', 'delete', 'head'].flatMap((v) => [`HTTParty.${v}`, `Faraday.${v}`, `RestClient.${v}`, `Excon.${v}`, `HTTP.${v}`, `Typhoeus.${v}`]), 'Excon', 'Typhoeus.Request', 'RestClient.Request.execute'], ssrf([0], ['url'])],
  [['Faraday', 'Faraday.new'], ssrf([0], ['url'])],
  [['File.read', 'File.open', 'File.new', 'File.readlines', 'File.foreach', 'File.write', 'File.binread', 'File.binwrite', 'File.delete', 'File.unlink', 'File.readlink', 'File.truncate', 'File.chmod', 'Dir.glob', 'Dir.entries', 'Dir.children', 'Dir.mkdir', 'Dir.rmdir', 'Dir.open', 'FileUtils.rm', 'FileUtils.rm_f', 'FileUtils.rm_r', 'FileUtils.rm_rf', 'FileUtils.remove_dir', 'FileUtils.mkdir_p', 'FileUtils.touch', 'Pathname'], path([0])],
  [['FileUtils.cp', 'FileUtils.cp_r', 'FileUtils.mv', 'FileUtils.ln_s', 'File.rename', 'File.symlink'], path([0, 1])],
  [['Marshal.load', 'Marshal.restore', 'YAML.unsafe_load', 'Psych.unsafe_load', 'YAML.unsafe_load_file', 'Oj.load', 'Oj.object_load'], deser()],
  [['Regexp', 'Regexp.new', 'Regexp.compile'], redos()],
  [['Sequel.lit', 'Sequel.Database#run', 'Sequel.Database#fetch', 'Sequel.Database#[]', 'Sequel.Database#execute', 'Sequel.Database#execute_dui', 'Sequel.Database#execute_insert', 'PG.Connection#exec', 'PG.Connection#exec_params', 'PG.Connection#query', 'PG.Connection#async_exec', 'PG.Connection#async_exec_params', 'PG.Connection#send_query', 'Mysql2.Client#query', 'Mysql2.Client#prepare', 'SQLite3.Database#execute', 'SQLite3.Database#execute_batch', 'SQLite3.Database#query', 'SQLite3.Database#get_first_row', 'SQLite3.Database#get_first_value', 'SQLite3.Database#prepare', ...['execute', 'exec_query', 'select_all', 'select_one', 'select_value', 'select_values', 'select_rows', 'exec_update', 'exec_delete', 'exec_insert', 'update', 'delete', 'insert'].map((m) => `ActiveRecord.Connection#${m}`)], sql([0], [])],
  [['PG.Connection#prepare'], sql([1], [])],
  // NoSQL (MongoDB): a whole filter object from the event, or a `$where` string
  [['mongodb#find', 'mongodb#findOne', 'mongodb#findOneAndUpdate', 'mongodb#findOneAndDelete', 'mongodb#updateOne', 'mongodb#updateMany', 'mongodb#deleteOne', 'mongodb#deleteMany', 'mongodb#countDocuments', 'mongodb#aggregate', 'mongoose#find', 'mongoose#findOne', 'mongoose#where', 'mongoose#updateOne', 'mongoose#deleteMany', 'mongoose#findOneAndUpdate', 'mongoose#aggregate', 'pymongo#find', 'pymongo#find_one', 'pymongo#update_one', 'pymongo#update_many', 'pymongo#delete_one', 'pymongo#delete_many', 'pymongo#count_documents', 'pymongo#aggregate', 'pymongo#find_one_and_update'], { category: 'nosql-injection', args: [0], keys: ['$where', 'filter'] }],
]);

/** Receivers that look like a database connection or cursor when their origin is unknown (helper parameters, module globals set elsewhere). */
export const SQL_RECEIVER_NAME = /^(db|conn|connection|cursor|cur|pool|client|sql|mysql|pg|pgClient|dbClient|database|knex|sequelize|tx|trx|transaction)$/i;
export const SQL_METHODS = new Set(['query', 'execute', 'executemany', 'executescript', 'raw', 'unsafe']);
/** A string that reads as SQL (when the receiver's origin is unknown, the text decides). */
export const SQL_TEXT = /^\s*(select|insert|update|delete|with|replace|merge|call|exec|create|drop|alter|truncate|show|describe)\b/i;

/** DynamoDB request fields that are expression strings. */
export const DYNAMO_EXPRESSIONS = ['FilterExpression', 'KeyConditionExpression', 'ConditionExpression', 'UpdateExpression', 'ProjectionExpression', 'Statement'];
/** DynamoDB's legacy condition parameters: maps of attribute → condition (operator and values). */
export const DYNAMO_CONDITION_MAPS = ['ScanFilter', 'QueryFilter', 'KeyConditions', 'Expected'];
/** SQL text fields of AWS data APIs (RDS Data API, Redshift Data API, Athena). */
export const SDK_SQL_FIELDS: Readonly<Record<string, string>> = {
  'rds-data:ExecuteStatement': 'sql',
  'rds-data:BatchExecuteStatement': 'sql',
  'redshift-data:ExecuteStatement': 'Sql',
  'redshift-data:BatchExecuteStatement': 'Sqls',
  'athena:StartQueryExecution': 'QueryString',
};

/** Calls whose result is clean for every category (numbers, booleans, hashes, lengths, validators). */
export const CLEANSERS = new Set([
  'Number', 'parseInt', 'parseFloat', 'Boolean', 'Math.floor', 'Math.round', 'Math.ceil', 'Math.abs', 'Math.min', 'Math.max', 'Number.parseInt', 'Number.parseFloat', 'Number.isInteger', 'Number.isFinite', 'isNaN', 'Array.isArray',
  'int', 'float', 'bool', 'len', 'isinstance', 'hash', 'uuid.uuid4', 'uuid.UUID', 'crypto.createHash', 'hashlib.sha256', 'hashlib.md5', 'hashlib.sha1',
  'int.Parse', 'Int32.Parse', 'long.Parse', 'Int64.Parse', 'decimal.Parse', 'double.Parse', 'Guid.Parse', 'Convert.ToInt32', 'Convert.ToInt64',
  'strconv.Atoi', 'strconv.ParseInt', 'strconv.ParseFloat', 'strconv.ParseBool', 'strconv.ParseUint', 'github.com/google/uuid.Parse', 'github.com/google/uuid.MustParse', 'int', 'int32', 'int64', 'uint', 'float64',
  'java.lang.Integer.parseInt', 'java.lang.Integer.valueOf', 'java.lang.Long.parseLong', 'java.lang.Long.valueOf', 'java.lang.Double.parseDouble', 'java.lang.Boolean.parseBoolean', 'java.util.UUID.fromString',
  'Kernel.Integer', 'Kernel.Float', 'Kernel.Rational', 'SecureRandom.uuid', 'SecureRandom.hex', 'Digest.SHA256.hexdigest', 'Digest.MD5.hexdigest', 'Digest.SHA1.hexdigest', 'Date.parse', 'Time.parse', 'Time.iso8601',
  'validator.isUUID', 'validator.isInt', 'validator.isEmail', 'validator.isAlphanumeric', 'uuid.validate', 'Date.parse', 'datetime.fromisoformat',
]);

/** Methods that return clean values whatever their receiver (`.length`, comparisons, checks). */
export const CLEAN_METHODS = new Set(['to_i', 'to_f', 'to_r', 'to_c', 'size', 'empty?', 'nil?', 'include?', 'start_with?', 'end_with?', 'match?', 'is_a?', 'zero?', 'positive?', 'negative?', 'between?', 'integer?', 'key?', 'has_key?', 'includes', 'startsWith', 'endsWith', 'test', 'has', 'indexOf', 'lastIndexOf', 'localeCompare', 'isdigit', 'isalnum', 'isalpha', 'isnumeric', 'startswith', 'endswith', 'count', 'toFixed', 'getTime', 'valueOf', 'keys']);

/** Calls whose result is clean for some categories only. */
export const SANITIZERS: ReadonlyMap<string, readonly CodeCategory[]> = new Map<string, CodeCategory[]>([
  ['shlex.quote', ['command-injection']],
  ['pipes.quote', ['command-injection']],
  ['shell-quote.quote', ['command-injection']],
  ['shescape.quote', ['command-injection']],
  ['shell-escape', ['command-injection']],
  ['encodeURIComponent', ['ssrf', 'path-traversal']],
  ['urllib.parse.quote', ['ssrf', 'path-traversal']],
  ['urllib.parse.quote_plus', ['ssrf', 'path-traversal']],
  ['path.basename', ['path-traversal']],
  ['os.path.basename', ['path-traversal']],
  ['werkzeug.utils.secure_filename', ['path-traversal']],
  ['sanitize-filename', ['path-traversal']],
  ['escape-html', ['xss']],
  ['he.encode', ['xss']],
  ['he.escape', ['xss']],
  ['html.escape', ['xss']],
  ['markupsafe.escape', ['xss']],
  ['lodash.escape', ['xss']],
  ['validator.escape', ['xss']],
  ['xss', ['xss']],
  ['dompurify.sanitize', ['xss']],
  ['isomorphic-dompurify.sanitize', ['xss']],
  ['sanitize-html', ['xss']],
  ['escape-string-regexp', ['regex-dos']],
  ['lodash.escapeRegExp', ['regex-dos']],
  ['re.escape', ['regex-dos']],
  ['mysql.escape', ['sql-injection']],
  ['mysql#escape', ['sql-injection']],
  ['mysql2#escape', ['sql-injection']],
  ['sqlstring.escape', ['sql-injection']],
  ['pg-format', ['sql-injection']],
  ['pg#escapeLiteral', ['sql-injection']],
  ['pg#escapeIdentifier', ['sql-injection']],
  ['java.net.URLEncoder.encode', ['ssrf', 'path-traversal']],
  ['org.apache.commons.io.FilenameUtils.getName', ['path-traversal']],
  ['org.apache.commons.text.StringEscapeUtils.escapeHtml4', ['xss']],
  ['org.apache.commons.lang3.StringEscapeUtils.escapeHtml4', ['xss']],
  ['org.springframework.web.util.HtmlUtils.htmlEscape', ['xss']],
  ['org.owasp.encoder.Encode.forHtml', ['xss']],
  ['java.util.regex.Pattern.quote', ['regex-dos']],
  ['path/filepath.Base', ['path-traversal']],
  ['Path.GetFileName', ['path-traversal']],
  ['WebUtility.HtmlEncode', ['xss']],
  ['HttpUtility.HtmlEncode', ['xss']],
  ['HtmlEncoder.Default.Encode', ['xss']],
  ['Uri.EscapeDataString', ['ssrf', 'path-traversal']],
  ['WebUtility.UrlEncode', ['ssrf', 'path-traversal']],
  ['HttpUtility.UrlEncode', ['ssrf', 'path-traversal']],
  ['Regex.Escape', ['regex-dos']],
  ['path.Base', ['path-traversal']],
  ['net/url.QueryEscape', ['ssrf', 'path-traversal']],
  ['net/url.PathEscape', ['ssrf', 'path-traversal']],
  ['html.EscapeString', ['xss']],
  ['html/template.HTMLEscapeString', ['xss']],
  ['Shellwords.escape', ['command-injection']],
  ['Shellwords.shellescape', ['command-injection']],
  ['Kernel.shellescape', ['command-injection']],
  ['CGI.escape', ['ssrf', 'path-traversal']],
  ['URI.encode_www_form_component', ['ssrf', 'path-traversal']],
  ['URI.encode_uri_component', ['ssrf', 'path-traversal']],
  ['ERB.Util.url_encode', ['ssrf', 'path-traversal']],
  ['File.basename', ['path-traversal']],
  ['CGI.escapeHTML', ['xss']],
  ['CGI.escape_html', ['xss']],
  ['ERB.Util.html_escape', ['xss']],
  ['ERB.Util.h', ['xss']],
  ['Rack.Utils.escape_html', ['xss']],
  ['Regexp.escape', ['regex-dos']],
  ['Regexp.quote', ['regex-dos']],
  ['PG.Connection#escape_string', ['sql-injection']],
  ['PG.Connection#escape_literal', ['sql-injection']],
  ['Mysql2.Client#escape', ['sql-injection']],
  ['SQLite3.Database.quote', ['sql-injection']],
  ['ActiveRecord.Connection#quote', ['sql-injection']],
]);

/** Methods on `yaml` (PyYAML) that are unsafe unless a safe Loader is passed. */
export const PYYAML_LOAD = new Set(['yaml.load', 'yaml.load_all']);
export const PYYAML_SAFE_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;
