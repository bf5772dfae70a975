; Inno Setup 6 script for Papertrail on Windows: installs the PyInstaller folder, a Start menu entry,
; "Open with Papertrail" for PDFs, and puts papertrail-cli.exe's folder on the user's PATH on request.
; Built by packaging/build.py, which passes AppVersion, SourceDir (the folder) and OutputDir:
;   iscc /DAppVersion=0.1.0 /DSourceDir=build\packaging\dist\papertrail /DOutputDir=build\packages papertrail.iss
; Untested here: see the README's Install section.

#ifndef AppVersion
  #error AppVersion is not set (run packaging/build.py)
#endif

[Setup]
AppId={{6C1E2F4A-7B0D-4E55-9B7A-2C5D1F0A9E31}
AppName=Papertrail
AppVersion={#AppVersion}
AppVerName=Papertrail {#AppVersion}
AppPublisher=Papertrail developers
DefaultDirName={autopf}\Papertrail
DefaultGroupName=Papertrail
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights unless the person chooses otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Papertrail-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Papertrail.exe
ChangesAssociations=yes
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add papertrail-cli to the PATH (for scripts)"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Papertrail"; Filename: "{app}\Papertrail.exe"
Name: "{autodesktop}\Papertrail"; Filename: "{app}\Papertrail.exe"; Tasks: desktopicon

[Registry]
; "Open with Papertrail" on PDF files: adds the file to the archive used last.
Root: HKA; Subkey: "Software\Classes\Applications\Papertrail.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Papertrail"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\Papertrail.exe\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\Papertrail.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Papertrail.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithList\Papertrail.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\Papertrail.exe"; Description: "{cm:LaunchProgram,Papertrail}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
    Paths := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
