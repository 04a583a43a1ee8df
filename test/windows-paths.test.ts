// On Windows images (or with the backtick escape Windows Dockerfiles use) `\` is a path separator.
import { describe, expect, it } from 'vitest';
import { isWindowsImage, parseDockerfile } from '../src/dockerfile/model.js';

const sources = (text: string) => parseDockerfile(text).copies.flatMap((c) => c.sources.map((s) => [s.value, s.hasWildcard]));

describe('Windows source paths', () => {
  it('with the backtick escape, `\\` separates segments and is no wildcard escape', () => {
    expect(sources('# escape=`\nFROM alpine\nCOPY .\\run.ps1 .\\conf\\*.json C:\\\n')).toEqual([['./run.ps1', false], ['./conf/*.json', true]]);
  });

  it('on a Windows image, a `\\` left after escapes (`\\\\` with the default escape) is a separator too', () => {
    expect(sources('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY scripts\\\\run.ps1 C:/\n')).toEqual([['scripts/run.ps1', false]]);
    expect(sources('FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base\nCOPY a\\\\b C:/\n')).toEqual([['a/b', false]]);
  });

  it('elsewhere `\\` stays an escape', () => {
    expect(sources('FROM alpine\nCOPY a\\\\*.txt /x/\n')).toEqual([['a\\*.txt', false]]);
  });

  it('recognises Windows images', () => {
    for (const i of ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:1809', 'mcr.microsoft.com/powershell:lts-nanoserver-1809', 'microsoft/windowsservercore', 'mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019']) {
      expect(isWindowsImage(i), i).toBe(true);
    }
    for (const i of ['alpine:3.20', 'python:3.12-slim', 'mcr.microsoft.com/dotnet/sdk:8.0', 'windows-exporter/app']) expect(isWindowsImage(i), i).toBe(false);
  });
});
