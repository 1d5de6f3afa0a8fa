using System.Runtime.Versioning;

// The library manages a Unix PostgreSQL cluster (Unix modes, runuser, sockets); its tests run on Linux and macOS only.
[assembly: UnsupportedOSPlatform("windows")]
