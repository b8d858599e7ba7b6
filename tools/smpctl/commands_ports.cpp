// SPDX-License-Identifier: Apache-2.0
// ports: the serial ports of this machine with the USB identity behind each (sysfs; offline,
// nothing is opened), and the serial://usb/... URI that names each one.
#include <smp/transport/usb_select.hpp>
#include "commands.hpp"
#include "table.hpp"

namespace smpctl {

namespace {

Json port_json(const smp::SerialPortInfo& port) {
    Json doc{{"name", port.name}, {"device", port.device}, {"driver", port.driver}};
    if (!port.usb) {
        doc["usb"] = nullptr;
        return doc;
    }
    const auto& usb = *port.usb;
    doc["usb"] = {{"vid", fmt::format("{:04x}", usb.vid)},
                  {"pid", fmt::format("{:04x}", usb.pid)},
                  {"serial", usb.serial},
                  {"manufacturer", usb.manufacturer},
                  {"product", usb.product},
                  {"interface", usb.interface_number ? Json(*usb.interface_number) : Json()},
                  {"location", usb.location}};
    doc["uri"] = smp::usb_uri_for(port);
    return doc;
}

TableRow port_row(const smp::SerialPortInfo& port) {
    if (!port.usb)
        return {port.device, "-", "-", "-", "-", "-", "serial://" + port.device};
    const auto& usb = *port.usb;
    const auto cell = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    return {port.device,
            smp::usb_id_string(usb.vid, usb.pid),
            cell(usb.serial),
            usb.interface_number ? std::to_string(*usb.interface_number) : "-",
            cell(usb.manufacturer),
            cell(usb.product),
            smp::usb_uri_for(port)};
}

void print_ports(const std::vector<smp::SerialPortInfo>& ports) {
    if (ports.empty()) {
        fmt::print("no serial ports found\n");
        return;
    }
    std::vector<TableRow> rows{
        {"PORT", "VID:PID", "SERIAL", "IFACE", "MANUFACTURER", "PRODUCT", "URI"}};
    for (const auto& port : ports)
        rows.push_back(port_row(port));
    print_table(rows);
}

}  // namespace

void add_ports_command(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "ports", "List serial ports with their USB VID:PID, serial number, interface and URI");
    cmd->callback([&ctx] {
        const auto ports = smp::scan_serial_ports();
        Json list = Json::array();
        for (const auto& port : ports)
            list.push_back(port_json(port));
        ctx.out.emit(Json{{"ports", list}}, [&] { print_ports(ports); });
    });
}

}  // namespace smpctl
