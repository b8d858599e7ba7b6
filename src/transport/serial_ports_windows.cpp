// SPDX-License-Identifier: Apache-2.0
// Serial port enumeration with SetupAPI and CfgMgr32 (see serial_ports.hpp); Windows only.
// Needs setupapi and cfgmgr32 at link time.
#include <smp/transport/serial_ports.hpp>

#include <windows.h>

// After windows.h, before the headers whose GUIDs and property keys this file uses: they are
// defined here then, not only declared (separate include blocks keep this order).
#include <initguid.h>

#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <setupapi.h>

#include <algorithm>
#include <cstdlib>

#include "transport/com_port_name.hpp"
#include "transport/usb_instance_id.hpp"

namespace smp {

namespace {

// GUID_DEVINTERFACE_COMPORT. windows.h (winioctl.h) declares it before initguid.h can make
// that a definition, and ntddser.h, which would define it, is a driver kit header; so the
// value is spelled here. MinGW's libuuid has it too, but then every user must link uuid.
constexpr GUID com_port_interface = {
    0x86e0d1e0, 0x8089, 0x11d0, {0x9c, 0xe4, 0x08, 0x00, 0x3e, 0x30, 0x1f, 0x73}};

std::string utf8(const wchar_t* text) {
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (size <= 1)
        return {};
    std::string out(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), size, nullptr, nullptr);
    out.resize(static_cast<std::size_t>(size) - 1);  // the terminator
    return out;
}

// The buffers below are zeroed and one character longer than Windows is told, so a string
// stored without its terminator still ends.
constexpr ULONG text_chars = 512;

// A string property of a device node (CM_DRP_*), empty when it has none.
std::string node_string(DEVINST node, ULONG property) {
    wchar_t text[text_chars + 1] = {};
    ULONG size = text_chars * sizeof(wchar_t);
    ULONG type = 0;
    const auto status = CM_Get_DevNode_Registry_PropertyW(node, property, &type, text, &size, 0);
    return status == CR_SUCCESS && type == REG_SZ ? utf8(text) : std::string{};
}

// What the device said its name is (iProduct for a USB device, iInterface or iProduct for an
// interface), rather than the name the driver package gives every device it serves.
std::string bus_reported_description(DEVINST node) {
    wchar_t text[text_chars + 1] = {};
    ULONG size = text_chars * sizeof(wchar_t);
    DEVPROPTYPE type = 0;
    const auto status = CM_Get_DevNode_PropertyW(node, &DEVPKEY_Device_BusReportedDeviceDesc, &type,
                                                 reinterpret_cast<BYTE*>(text), &size, 0);
    return status == CR_SUCCESS && type == DEVPROP_TYPE_STRING ? utf8(text) : std::string{};
}

std::string instance_id(DEVINST node) {
    wchar_t id[MAX_DEVICE_ID_LEN + 1] = {};
    return CM_Get_Device_IDW(node, id, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS ? utf8(id)
                                                                           : std::string{};
}

// The port's device node and its ancestors up to the root, nearest first.
struct Ancestry {
    std::vector<DEVINST> nodes;
    std::vector<std::string> ids;
};

Ancestry ancestry(DEVINST node) {
    Ancestry chain;
    for (int depth = 0; depth < 32; ++depth) {  // a bound against a cycle; trees are shallow
        chain.nodes.push_back(node);
        chain.ids.push_back(instance_id(node));
        DEVINST parent = 0;
        if (CM_Get_Parent(&parent, node, 0) != CR_SUCCESS)
            break;
        node = parent;
    }
    return chain;
}

// The "PortName" value of the device's hardware key: "COM3" (or "LPT1" in the Ports class).
std::string port_name(HDEVINFO set, SP_DEVINFO_DATA& info) {
    const HKEY key = SetupDiOpenDevRegKey(set, &info, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ);
    if (key == INVALID_HANDLE_VALUE)
        return {};
    wchar_t name[64 + 1] = {};
    DWORD size = 64 * sizeof(wchar_t);
    DWORD type = 0;
    const LONG status =
        RegQueryValueExW(key, L"PortName", nullptr, &type, reinterpret_cast<BYTE*>(name), &size);
    RegCloseKey(key);
    return status == ERROR_SUCCESS && type == REG_SZ ? utf8(name) : std::string{};
}

std::optional<UsbPortInfo> usb_info(DEVINST port_node) {
    const auto chain = ancestry(port_node);
    auto identity = detail::usb_identity_from_chain(chain.ids);
    if (!identity)
        return std::nullopt;
    UsbPortInfo usb = std::move(identity->usb);
    // The USB device node has what Linux reads from the device (iProduct, the physical
    // port); an FTDI port without one found falls back to its own node.
    const DEVINST device = identity->device_node ? chain.nodes[*identity->device_node] : port_node;
    usb.manufacturer = node_string(port_node, CM_DRP_MFG);
    usb.product = bus_reported_description(device);
    if (usb.product.empty())
        usb.product = node_string(port_node, CM_DRP_DEVICEDESC);
    if (identity->device_node)
        usb.location = node_string(device, CM_DRP_LOCATION_INFORMATION);
    return usb;
}

std::optional<SerialPortInfo> port_info(HDEVINFO set, SP_DEVINFO_DATA& info) {
    const auto name = detail::parse_com_port_name(port_name(set, info));
    if (!name)
        return std::nullopt;  // a printer port, or a driver naming its ports otherwise
    SerialPortInfo port;
    port.name = *name;
    port.device = *name;  // what serial://COM3 names; the transport adds the \\.\ prefix
    port.driver = node_string(info.DevInst, CM_DRP_SERVICE);
    port.usb = usb_info(info.DevInst);
    return port;
}

// Closes the device information set however the listing ends.
class DeviceInfoSet {
  public:
    DeviceInfoSet(const GUID& guid, DWORD flags)
        : handle_(SetupDiGetClassDevsW(&guid, nullptr, nullptr, flags)) {}
    ~DeviceInfoSet() {
        if (handle_ != INVALID_HANDLE_VALUE)
            SetupDiDestroyDeviceInfoList(handle_);
    }
    DeviceInfoSet(const DeviceInfoSet&) = delete;
    DeviceInfoSet& operator=(const DeviceInfoSet&) = delete;

    HDEVINFO get() const { return handle_; }
    bool valid() const { return handle_ != INVALID_HANDLE_VALUE; }

  private:
    HDEVINFO handle_;
};

// The present devices of one class or interface; a port already listed is skipped.
void collect(const GUID& guid, DWORD flags, std::vector<SerialPortInfo>& ports) {
    DeviceInfoSet set(guid, flags | DIGCF_PRESENT);
    if (!set.valid())
        return;
    SP_DEVINFO_DATA info{};
    info.cbSize = sizeof info;
    for (DWORD i = 0; SetupDiEnumDeviceInfo(set.get(), i, &info); ++i) {
        auto port = port_info(set.get(), info);
        const auto listed = [&](const SerialPortInfo& p) { return port && p.name == port->name; };
        if (port && std::none_of(ports.begin(), ports.end(), listed))
            ports.push_back(std::move(*port));
    }
}

unsigned port_number(const std::string& name) {
    return static_cast<unsigned>(std::strtoul(name.c_str() + 3, nullptr, 10));  // after "COM"
}

}  // namespace

std::vector<SerialPortInfo> list_serial_ports(const SerialPortScanOptions&) {
    std::vector<SerialPortInfo> ports;
    // The Ports class holds what Device Manager shows under "Ports (COM & LPT)"; some drivers
    // (virtual and modem-like ports) register only the COM port interface.
    collect(GUID_DEVCLASS_PORTS, 0, ports);
    collect(com_port_interface, DIGCF_DEVICEINTERFACE, ports);
    std::sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) {
        return port_number(a.name) < port_number(b.name);
    });
    return ports;
}

}  // namespace smp
