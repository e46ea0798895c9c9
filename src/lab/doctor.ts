import type { LabConfig } from '../config';
import { mariadbCheck, portChecks, resourceChecks, toolChecks, type DoctorCheck } from '../stack/doctor';
import { vmDoctorChecks } from '../vm/doctor';

/** Checks what the lab needs from this machine and says what to do about each problem. */
export async function doctor(cfg: LabConfig): Promise<DoctorCheck[]> {
  // With the VM target the services' ports are the VM's: check what the VM needs from this machine instead.
  const target = cfg.stack.target === 'vm' ? vmDoctorChecks(cfg) : [mariadbCheck(cfg), ...(await portChecks(cfg))];
  return [...toolChecks(), ...target, ...resourceChecks(cfg)];
}
