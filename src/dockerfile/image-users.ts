// Users and groups a base image is known to have, so `--chown=<name>` needs no RUN that
// creates them, and the distro family that decides how to create the ones it lacks. One
// table, by image repository name (last path component, tag and digest dropped).
//
// When in doubt a name counts as present: a false "missing" would make the unsafe fix create
// an existing user, which fails the build (`adduser: user 'x' in use`).

/** In the /etc/passwd and /etc/group of every Debian/Ubuntu and every Alpine base image. */
const COMMON_USERS = ['root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'nobody'];
const COMMON_GROUPS = [
  'root', 'daemon', 'bin', 'sys', 'adm', 'tty', 'disk', 'lp', 'mail', 'news', 'uucp', 'man', 'kmem', 'dialout',
  'cdrom', 'floppy', 'tape', 'audio', 'video', 'games', 'users', 'nogroup', 'utmp', 'shadow',
];
/** debian:bookworm / ubuntu:24.04 /etc/passwd and /etc/group (older releases add gnats). */
const DEBIAN_USERS = [...COMMON_USERS, 'proxy', 'www-data', 'backup', 'list', 'irc', 'gnats', '_apt'];
const DEBIAN_GROUPS = [
  ...COMMON_GROUPS, 'proxy', 'fax', 'voice', 'sudo', 'dip', 'www-data', 'backup', 'operator', 'list', 'irc', 'src',
  'gnats', 'sasl', 'plugdev', 'staff',
];
/** alpine:3.x /etc/passwd and /etc/group (Alpine has a www-data group but no www-data user). */
const ALPINE_USERS = [
  ...COMMON_USERS, 'adm', 'shutdown', 'halt', 'operator', 'postmaster', 'cron', 'ftp', 'sshd', 'at', 'squid', 'xfs',
  'cyrus', 'vpopmail', 'ntp', 'smmsp', 'guest',
];
const ALPINE_GROUPS = [
  ...COMMON_GROUPS, 'mem', 'wheel', 'cron', 'console', 'ftp', 'sshd', 'input', 'at', 'netdev', 'readproc', 'squid',
  'xfs', 'kvm', 'cdrw', 'www-data', 'usb', 'vpopmail', 'ntp', 'nofiles', 'smmsp', 'locate', 'abuild', 'ping', 'nobody',
];

/** Images that add their own service user, with a group of the same name (docker-library Dockerfiles). */
const IMAGE_USERS: Record<string, string[]> = {
  node: ['node'],
  ghost: ['node'],
  nginx: ['nginx', 'www-data'],
  'nginx-unprivileged': ['nginx'],
  php: ['www-data'],
  httpd: ['www-data'],
  wordpress: ['www-data'],
  drupal: ['www-data'],
  nextcloud: ['www-data'],
  postgres: ['postgres'],
  redis: ['redis'],
  mysql: ['mysql'],
  mariadb: ['mysql'],
  mongo: ['mongodb'],
  rabbitmq: ['rabbitmq'],
  elasticsearch: ['elasticsearch'],
  logstash: ['logstash'],
  kibana: ['kibana'],
  grafana: ['grafana'],
  jenkins: ['jenkins'],
  gradle: ['gradle'],
  memcached: ['memcache'],
  haproxy: ['haproxy'],
  zookeeper: ['zookeeper'],
  cassandra: ['cassandra'],
  couchdb: ['couchdb'],
  solr: ['solr'],
  sonarqube: ['sonarqube'],
  influxdb: ['influxdb'],
  'eclipse-mosquitto': ['mosquitto'],
  ubuntu: ['ubuntu'],
};

/** Distroless and Chainguard images ship a `nonroot` user (uid 65532). */
const NONROOT_IMAGE = /(?:^|\/)distroless\/|(?:^|\/)cgr\.dev\/chainguard\//;

function repositoryName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const name = withoutDigest.slice(lastSlash + 1);
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(0, colon)).toLowerCase();
}

function imageOwn(image: string): string[] {
  const own = IMAGE_USERS[repositoryName(image)] ?? [];
  return NONROOT_IMAGE.test(image.toLowerCase()) ? [...own, 'nonroot'] : own;
}

export function imageHasUser(image: string, user: string, distro: Distro = distroOf(image)): boolean {
  const base = distro === 'alpine' ? ALPINE_USERS : distro === 'debian' ? DEBIAN_USERS : [...DEBIAN_USERS, ...ALPINE_USERS];
  return base.includes(user) || imageOwn(image).includes(user);
}

export function imageHasGroup(image: string, group: string, distro: Distro = distroOf(image)): boolean {
  const base = distro === 'alpine' ? ALPINE_GROUPS : distro === 'debian' ? DEBIAN_GROUPS : [...DEBIAN_GROUPS, ...ALPINE_GROUPS];
  return base.includes(group) || imageOwn(image).includes(group);
}

/**
 * How users are created: BusyBox `addgroup`/`adduser` (Alpine), shadow-utils
 * `groupadd`/`useradd` (Debian and Ubuntu, and the RHEL family), or unknown (scratch,
 * distroless, minimal images without either).
 */
export type Distro = 'alpine' | 'debian' | 'rhel' | 'unknown';

/** From the package manager the stage uses, else from the image name and tag. */
export function distroOf(image: string, packageManager?: string): Distro {
  if (packageManager === 'apk') return 'alpine';
  if (packageManager === 'apt') return 'debian';
  if (packageManager === 'dnf' || packageManager === 'yum') return 'rhel';
  const lower = image.toLowerCase();
  if (/alpine|busybox/.test(lower)) return 'alpine';
  if (/distroless|chainguard|scratch|windows|nanoserver|minimal|micro/.test(lower)) return 'unknown';
  if (/ubi\d*|fedora|centos|rocky|alma|amazonlinux|oraclelinux/.test(lower)) return 'rhel';
  if (/debian|ubuntu|slim|bookworm|bullseye|buster|trixie|jammy|noble|focal/.test(lower)) return 'debian';
  // Official images without a variant suffix (python:3.12, node:20) are Debian-based.
  return /^(?:docker\.io\/)?(?:library\/)?(?:python|node|ruby|golang|php|openjdk|eclipse-temurin|rust|perl|buildpack-deps|debian|ubuntu|nginx|httpd|postgres|redis|gradle|maven|elixir|erlang|haskell|julia|r-base|swift|dart|clojure)(?::|$)/.test(lower)
    ? 'debian'
    : 'unknown';
}

/** Official images (no namespace) whose users and groups the tables above describe. */
const KNOWN_OFFICIAL = new Set([
  ...Object.keys(IMAGE_USERS),
  'alpine', 'busybox', 'debian', 'ubuntu', 'python', 'node', 'ruby', 'golang', 'php', 'openjdk', 'eclipse-temurin', 'rust',
  'perl', 'buildpack-deps', 'maven', 'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'swift', 'dart', 'clojure', 'scratch',
]);
/** Namespaced images in the table (`grafana/grafana`, …). */
const KNOWN_NAMESPACED = new Set([
  'grafana/grafana', 'jenkins/jenkins', 'nginxinc/nginx-unprivileged', 'docker.elastic.co/elasticsearch/elasticsearch',
  'docker.elastic.co/kibana/kibana', 'docker.elastic.co/logstash/logstash',
]);

/**
 * Whether dockmend knows the users of this image: an official image of the table, a listed
 * vendor image, distroless or Chainguard. Another image (`frappe/base`, a private registry's
 * runtime) may have any user: a `--chown` name it lacks cannot be verified.
 */
export function isKnownImage(image: string): boolean {
  const ref = image.split('@')[0].toLowerCase().replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  const repository = colon < 0 ? ref : ref.slice(0, colon);
  if (NONROOT_IMAGE.test(ref)) return true;
  if (!repository.includes('/')) return KNOWN_OFFICIAL.has(repository);
  return KNOWN_NAMESPACED.has(repository);
}
